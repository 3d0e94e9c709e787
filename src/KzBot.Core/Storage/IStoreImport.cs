using System.Globalization;

namespace KzBot.Core.Storage;

/// <summary>Writes a whole store read from another engine (<c>kzbot migrate</c>), all or nothing.</summary>
public interface IStoreImport
{
    /// <summary>Where the store is, for messages (never with credentials).</summary>
    string Description { get; }

    /// <summary>
    /// Writes <paramref name="snapshot"/> in one transaction. A target that already holds documents, answers,
    /// feedback, audit entries, vectors or added sources is refused with <see cref="StoreNotEmptyException"/>
    /// unless <paramref name="replace"/> is set, in which case its contents are replaced.
    /// </summary>
    Task<ImportReport> ImportAsync(StoreSnapshot snapshot, bool replace, CancellationToken cancellationToken);
}

/// <summary>The import target already has data and replacing it was not asked for; nothing was written.</summary>
public sealed class StoreNotEmptyException(string store, IReadOnlyList<ImportedTable> existing)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"{store} already holds data ({string.Join(", ", existing.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Rows:N0} {t.Table}")))})."))
{
    public IReadOnlyList<ImportedTable> Existing { get; } = existing;
}
