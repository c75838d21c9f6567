using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FedWorkbench.Web.Storage;

/// <summary>The workbench's SQLite database: experiments, runs, their rounds and partition statistics, rooms and their boards.</summary>
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

    /// <summary>Stored rooms.</summary>
    public DbSet<RoomEntity> Rooms => Set<RoomEntity>();

    /// <summary>Stored boards.</summary>
    public DbSet<BoardEntity> Boards => Set<BoardEntity>();

    /// <summary>Stored board elements.</summary>
    public DbSet<BoardElementEntity> BoardElements => Set<BoardElementEntity>();

    /// <summary>Stored board operations, the log used for resynchronization.</summary>
    public DbSet<BoardOperationEntity> BoardOperations => Set<BoardOperationEntity>();

    /// <summary>Stored run checkpoints, at most one row per run.</summary>
    public DbSet<RunCheckpointEntity> RunCheckpoints => Set<RunCheckpointEntity>();

    /// <summary>Stored dot-voting rounds.</summary>
    public DbSet<VoteRoundEntity> VoteRounds => Set<VoteRoundEntity>();

    /// <summary>Stored votes.</summary>
    public DbSet<VoteEntity> Votes => Set<VoteEntity>();

    /// <summary>Uploaded CSV files, one row per content.</summary>
    public DbSet<DataTableEntity> DataTables => Set<DataTableEntity>();

    /// <summary>Final models of completed runs with their evaluation reports.</summary>
    public DbSet<RunModelEntity> RunModels => Set<RunModelEntity>();

    /// <summary>Centralized baselines, one row per dataset and settings.</summary>
    public DbSet<BaselineEntity> Baselines => Set<BaselineEntity>();

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
            run.Property(r => r.LaunchedBy).HasMaxLength(40);
            run.Property(r => r.BaselineKinds).HasMaxLength(100);
            run.HasIndex(r => r.RoomId);
            run.HasOne(r => r.Room)
                .WithMany()
                .HasForeignKey(r => r.RoomId)
                .OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<RoomEntity>(room =>
        {
            room.ToTable("Rooms");
            room.Property(r => r.Code).HasMaxLength(20).IsRequired();
            room.HasIndex(r => r.Code).IsUnique();
            room.Property(r => r.Name).HasMaxLength(100).IsRequired();
            room.Property(r => r.FacilitatorTokenHash).HasMaxLength(64);
            room.Property(r => r.AgendaJson).IsRequired().HasDefaultValue("[]");
            room.HasIndex(r => r.LastActiveAt);
        });

        modelBuilder.Entity<BoardEntity>(board =>
        {
            board.ToTable("Boards");
            board.Property(b => b.Name).HasMaxLength(100).IsRequired();
            board.HasIndex(b => new { b.RoomId, b.CreatedAt });
            board.Property(b => b.LockedElementIdsJson).IsRequired().HasDefaultValue("[]");
            board.HasOne(b => b.Room)
                .WithMany(r => r.Boards)
                .HasForeignKey(b => b.RoomId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BoardElementEntity>(element =>
        {
            element.ToTable("BoardElements");
            element.HasKey(e => new { e.BoardId, e.ElementId });
            element.Property(e => e.ElementId).HasMaxLength(64);
            element.Property(e => e.Type).HasMaxLength(40).IsRequired();
            element.Property(e => e.PropsJson).IsRequired();
            element.Property(e => e.WritesJson).IsRequired();
            element.HasOne<BoardEntity>()
                .WithMany(b => b.Elements)
                .HasForeignKey(e => e.BoardId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BoardOperationEntity>(operation =>
        {
            operation.ToTable("BoardOperations");
            operation.HasKey(o => new { o.BoardId, o.Version });
            operation.Property(o => o.OpId).HasMaxLength(64).IsRequired();
            operation.Property(o => o.Actor).HasMaxLength(64).IsRequired();
            operation.Property(o => o.ChangesJson).IsRequired();
            operation.HasIndex(o => new { o.BoardId, o.OpId }).IsUnique();
            operation.HasOne<BoardEntity>()
                .WithMany()
                .HasForeignKey(o => o.BoardId)
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

        modelBuilder.Entity<RunCheckpointEntity>(checkpoint =>
        {
            checkpoint.ToTable("RunCheckpoints");
            checkpoint.HasKey(c => c.RunId);
            checkpoint.Property(c => c.State).IsRequired();
            checkpoint.HasOne(c => c.Run)
                .WithOne()
                .HasForeignKey<RunCheckpointEntity>(c => c.RunId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VoteRoundEntity>(round =>
        {
            round.ToTable("VoteRounds");
            round.HasIndex(r => new { r.RoomId, r.StartedAt });
            round.HasOne<RoomEntity>()
                .WithMany()
                .HasForeignKey(r => r.RoomId)
                .OnDelete(DeleteBehavior.Cascade);
            round.HasOne<BoardEntity>()
                .WithMany()
                .HasForeignKey(r => r.BoardId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VoteEntity>(vote =>
        {
            vote.ToTable("Votes");
            vote.HasKey(v => new { v.VoteRoundId, v.VoterHash, v.ElementId });
            vote.Property(v => v.VoterHash).HasMaxLength(64);
            vote.Property(v => v.ElementId).HasMaxLength(64);
            vote.HasOne<VoteRoundEntity>()
                .WithMany(r => r.Votes)
                .HasForeignKey(v => v.VoteRoundId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataTableEntity>(table =>
        {
            table.ToTable("DataTables");
            table.HasKey(t => t.Id);
            table.Property(t => t.Id).HasMaxLength(64);
            table.Property(t => t.FileName).HasMaxLength(200);
            table.Property(t => t.Bytes).IsRequired();
            table.HasIndex(t => t.LastUsedAt);
        });

        modelBuilder.Entity<RunModelEntity>(model =>
        {
            model.ToTable("RunModels");
            model.HasKey(m => m.RunId);
            model.Property(m => m.Widths).HasMaxLength(100);
            model.Property(m => m.Parameters).IsRequired();
            model.Property(m => m.EvaluationError).HasMaxLength(2000);
            model.HasOne(m => m.Run)
                .WithOne()
                .HasForeignKey<RunModelEntity>(m => m.RunId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BaselineEntity>(baseline =>
        {
            baseline.ToTable("Baselines");
            baseline.HasKey(b => b.Key);
            baseline.Property(b => b.Key).HasMaxLength(64);
            baseline.Property(b => b.KeyText).HasMaxLength(2000);
            baseline.Property(b => b.Kind).HasMaxLength(40);
            baseline.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
            baseline.Property(b => b.Description).HasMaxLength(1000);
            baseline.Property(b => b.Error).HasMaxLength(2000);
            baseline.HasIndex(b => b.Status);
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
