namespace KzBot.Core.Sources.Fetching;

/// <summary>The kinds of content a source may be; each is indexed by the reader for its extension.</summary>
public enum SourceKind
{
    Html,
    Pdf,
    Markdown,
    Text,
}

/// <summary>Validators from an earlier fetch, sent back so an unchanged page costs one 304.</summary>
public sealed record FetchValidators(string? ETag, string? LastModified);

/// <summary>What one fetch brought back. <see cref="NotModified"/> means the validators matched and there is no body.</summary>
public sealed record FetchResult(Uri FinalUrl, bool NotModified, byte[] Body, SourceKind Kind, string ContentType, FetchValidators Validators);

/// <summary>A fetch refused or failed; <see cref="Exception.Message"/> is what the admin reads.</summary>
public sealed class SourceFetchException(string message, Exception? inner = null) : ManagedSourceException(message, inner);
