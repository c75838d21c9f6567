using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FedWorkbench.Web.Storage;

/// <summary>The workbench's SQLite database: experiments, runs, their rounds and partition statistics.</summary>
public sealed class FedWorkbenchDbContext(DbContextOptions<FedWorkbenchDbContext> options) : DbContext(options)
{
    /// <summary>Stored experiments.</summary>
    public DbSet<ExperimentEntity> Experiments => Set<ExperimentEntity>();

    /// <summary>Stored runs.</summary>
    public DbSet<RunEntity> Runs => Set<RunEntity>();

    /// <summary>Stored rounds, one row per round of a run.</summary>
    public DbSet<RoundEntity> Rounds => Set<RoundEntity>();

    /// <summary>Stored partition statistics, at most one row per run.</summary>
    public DbSet<RunPartitionEntity> Partitions => Set<RunPartitionEntity>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type, and EF Core cannot translate ORDER BY or comparisons on DateTimeOffset stored
        // as text. Stored as a 64-bit integer, the values sort in time order for the UTC times written here.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExperimentEntity>(experiment =>
        {
            experiment.ToTable("Experiments");
            experiment.Property(e => e.Name).HasMaxLength(200);
            experiment.Property(e => e.ConfigJson).IsRequired();
        });

        modelBuilder.Entity<RunEntity>(run =>
        {
            run.ToTable("Runs");
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.Error).HasMaxLength(2000);
            run.HasIndex(r => r.Status);
            run.HasIndex(r => r.CreatedAt);
            run.HasOne(r => r.Experiment)
                .WithMany(e => e.Runs)
                .HasForeignKey(r => r.ExperimentId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RoundEntity>(round =>
        {
            round.ToTable("Rounds");
            round.HasIndex(r => new { r.RunId, r.Round }).IsUnique();
            round.HasOne(r => r.Run)
                .WithMany(r => r.Rounds)
                .HasForeignKey(r => r.RunId)
                .OnDelete(DeleteBehavior.Cascade);
            round.Property(r => r.GlobalModelKeptReason).HasMaxLength(2000);
        });

        modelBuilder.Entity<RunPartitionEntity>(partition =>
        {
            partition.ToTable("RunPartitions");
            partition.HasKey(p => p.RunId);
            partition.Property(p => p.StatisticsJson).IsRequired();
            partition.HasOne(p => p.Run)
                .WithOne(r => r.Partition)
                .HasForeignKey<RunPartitionEntity>(p => p.RunId)
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}
