using Microsoft.EntityFrameworkCore;

namespace Venvid.ApiService.Data.Replicas;

/// <summary>
/// The same model over the region's read replica (a hot standby: Postgres itself refuses writes there).
/// Never migrated, never written; handlers get it through <see cref="ReadRouting"/>, not directly.
/// </summary>
public sealed class ReplicaDbContext(DbContextOptions<ReplicaDbContext> options) : VenvidDbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("The read replica is read-only; write through VenvidDbContext.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The read replica is read-only; write through VenvidDbContext.");
}
