using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedWorkbench.Web.Migrations
{
    /// <inheritdoc />
    public partial class AddRunModelFeatureRecipes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FeatureRecipesJson",
                table: "RunModels",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FeatureRecipesJson",
                table: "RunModels");
        }
    }
}
