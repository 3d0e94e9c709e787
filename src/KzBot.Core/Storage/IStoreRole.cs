namespace KzBot.Core.Storage;

/// <summary>What every store role shares: the schema is created (or checked) once, by whichever role is used first.</summary>
public interface IStoreRole
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
