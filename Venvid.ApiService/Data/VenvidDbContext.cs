using Microsoft.EntityFrameworkCore;

namespace Venvid.ApiService.Data;

public class VenvidDbContext : DbContext
{
    public VenvidDbContext(DbContextOptions<VenvidDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="ReplicaDbContext"/>: the same model over another connection.</summary>
    protected VenvidDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<Video> Videos => Set<Video>();
    public DbSet<Rendition> Renditions => Set<Rendition>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Like> Likes => Set<Like>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Playlist> Playlists => Set<Playlist>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<PlaylistItem> PlaylistItems => Set<PlaylistItem>();
    public DbSet<ViewHistory> ViewHistory => Set<ViewHistory>();
    public DbSet<CountedView> CountedViews => Set<CountedView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Search.SearchFunctions.Map(modelBuilder);
        modelBuilder.Entity<User>(user =>
        {
            user.HasIndex(u => u.EmailNormalized).IsUnique();
            user.HasIndex(u => u.UsernameNormalized).IsUnique();
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.EmailNormalized).HasMaxLength(254);
            user.Property(u => u.Username).HasMaxLength(30);
            user.Property(u => u.UsernameNormalized).HasMaxLength(30);
            user.Property(u => u.DisplayName).HasMaxLength(50);
            user.Property(u => u.Bio).HasMaxLength(1000);
            user.Property(u => u.Role).HasMaxLength(16);
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Video>(video =>
        {
            video.Property(v => v.Id).HasMaxLength(16);
            video.Property(v => v.Title).HasMaxLength(100);
            video.Property(v => v.Description).HasMaxLength(5000);
            video.Property(v => v.Visibility).HasMaxLength(16);
            video.Property(v => v.Status).HasMaxLength(16);
            video.HasOne(v => v.Owner).WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
            video.HasMany(v => v.Renditions).WithOne().HasForeignKey(r => r.VideoId).OnDelete(DeleteBehavior.Cascade);
            JsonList(video.Property(v => v.Posters));
            JsonList(video.Property(v => v.Captions));

            video.Property(v => v.SearchVector)
                .HasComputedColumnSql("setweight(to_tsvector('venvid_search', coalesce(title, '')), 'A') || setweight(to_tsvector('venvid_search', coalesce(description, '')), 'B')", stored: true);
            video.HasIndex(v => v.SearchVector).HasMethod("GIN");

            // Keyset pagination indexes for the public catalogue (public + ready + not deleted).
            const string listed = "status = 'ready' AND visibility = 'public' AND deleted_at IS NULL";
            video.HasIndex(v => new { v.PublishedAt, v.Id }).IsDescending(true, true).HasFilter(listed).HasDatabaseName("ix_videos_new");
            video.HasIndex(v => new { v.ViewCount, v.Id }).IsDescending(true, true).HasFilter(listed).HasDatabaseName("ix_videos_popular");
            video.HasIndex(v => new { v.TrendingScore, v.Id }).IsDescending(true, true).HasFilter(listed).HasDatabaseName("ix_videos_trending");
            video.HasIndex(v => new { v.OwnerId, v.CreatedAt, v.Id }).IsDescending(false, true, true);
            // A channel's public videos, newest first (its page, the subscriptions feed, its video count).
            video.HasIndex(v => new { v.OwnerId, v.PublishedAt, v.Id }).IsDescending(false, true, true).HasFilter(listed).HasDatabaseName("ix_videos_channel");
        });

        modelBuilder.Entity<Playlist>(playlist =>
        {
            playlist.Property(p => p.Id).HasMaxLength(16);
            playlist.Property(p => p.Title).HasMaxLength(150);
            playlist.Property(p => p.Description).HasMaxLength(5000);
            playlist.Property(p => p.Visibility).HasMaxLength(16);
            playlist.Property(p => p.Kind).HasMaxLength(16);
            playlist.HasOne(p => p.Owner).WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
            // The owner's list: Watch later first, then most recently updated.
            playlist.HasIndex(p => new { p.OwnerId, p.UpdatedAt, p.Id }).IsDescending(false, true, true);
            // One Watch later per user, whoever creates it first.
            playlist.HasIndex(p => p.OwnerId).IsUnique().HasFilter("kind = 'watchLater'").HasDatabaseName("ux_playlists_watch_later");
        });

        modelBuilder.Entity<PlaylistItem>(item =>
        {
            item.HasIndex(i => new { i.PlaylistId, i.VideoId }).IsUnique();
            // (playlist_id, position) is indexed by its deferrable unique constraint (migration Playlists).
            item.HasIndex(i => i.VideoId);
            item.HasOne<Playlist>().WithMany().HasForeignKey(i => i.PlaylistId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne(i => i.Video).WithMany().HasForeignKey(i => i.VideoId).OnDelete(DeleteBehavior.Cascade);
            item.ToTable(t => t.HasCheckConstraint("ck_playlist_items_position", "position >= 1"));
        });

        modelBuilder.Entity<Comment>(comment =>
        {
            comment.Property(c => c.Id).HasMaxLength(16);
            comment.Property(c => c.ParentId).HasMaxLength(16);
            comment.Property(c => c.Text).HasMaxLength(5000);
            comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
            comment.HasOne<Video>().WithMany().HasForeignKey(c => c.VideoId).OnDelete(DeleteBehavior.Cascade);
            comment.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
            // A video's threads, newest or oldest first; a thread's replies, oldest first.
            comment.HasIndex(c => new { c.VideoId, c.CreatedAt, c.Id }).HasFilter("parent_id IS NULL").HasDatabaseName("ix_comments_threads");
            comment.HasIndex(c => new { c.ParentId, c.CreatedAt, c.Id }).HasFilter("parent_id IS NOT NULL").HasDatabaseName("ix_comments_replies");
        });

        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.HasKey(s => new { s.SubscriberId, s.ChannelId });
            // The caller's subscriptions, most recent first; and a channel's subscribers.
            subscription.HasIndex(s => new { s.SubscriberId, s.CreatedAt, s.ChannelId }).IsDescending(false, true, true);
            subscription.HasIndex(s => s.ChannelId);
            subscription.HasOne<User>().WithMany().HasForeignKey(s => s.SubscriberId).OnDelete(DeleteBehavior.Cascade);
            subscription.HasOne<User>().WithMany().HasForeignKey(s => s.ChannelId).OnDelete(DeleteBehavior.Cascade);
            subscription.ToTable(t => t.HasCheckConstraint("ck_subscriptions_not_self", "subscriber_id <> channel_id"));
        });

        modelBuilder.Entity<Rendition>(rendition =>
        {
            rendition.HasKey(r => new { r.VideoId, r.Name });
            rendition.Property(r => r.Name).HasMaxLength(16);
        });

        modelBuilder.Entity<Upload>(upload =>
        {
            upload.Property(u => u.Id).HasMaxLength(32);
            upload.HasIndex(u => u.VideoId).IsUnique();
            upload.HasOne<Video>().WithMany().HasForeignKey(u => u.VideoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Job>(job =>
        {
            job.Property(j => j.State).HasMaxLength(16);
            job.Property(j => j.Kind).HasMaxLength(16);
            // The claim query: oldest runnable queued job, or a running one whose lease expired.
            job.HasIndex(j => new { j.State, j.RunAfter });
            job.HasIndex(j => j.VideoId);
            job.HasOne<Video>().WithMany().HasForeignKey(j => j.VideoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Like>(like =>
        {
            like.HasKey(l => new { l.UserId, l.VideoId });
            like.HasIndex(l => new { l.UserId, l.CreatedAt });
            like.HasIndex(l => l.VideoId);
            like.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            like.HasOne<Video>().WithMany().HasForeignKey(l => l.VideoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ViewHistory>(history =>
        {
            history.ToTable("view_history");
            history.HasKey(h => new { h.UserId, h.VideoId });
            history.HasIndex(h => new { h.UserId, h.LastViewedAt });
            history.HasOne<User>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
            history.HasOne<Video>().WithMany().HasForeignKey(h => h.VideoId).OnDelete(DeleteBehavior.Cascade);
        });


        // No foreign key: rows outlive nothing but their window, and a batch must never fail on a deleted video.
        modelBuilder.Entity<CountedView>(counted =>
        {
            counted.HasKey(c => new { c.VideoId, c.Viewer });
            counted.Property(c => c.VideoId).HasMaxLength(16);
            counted.Property(c => c.Viewer).HasMaxLength(64);
            counted.HasIndex(c => c.CountedAt);
        });
    }

    /// <summary>A list of records kept as one jsonb column (default empty), compared by its items.</summary>
    private static void JsonList<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<List<T>> property) =>
        property
            .HasColumnType("jsonb")
            .HasDefaultValueSql("'[]'::jsonb")
            .HasConversion(
                items => System.Text.Json.JsonSerializer.Serialize(items, (System.Text.Json.JsonSerializerOptions?)null),
                json => System.Text.Json.JsonSerializer.Deserialize<List<T>>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new List<T>(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<T>>(
                    (a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)), list => list.ToList()));
}
