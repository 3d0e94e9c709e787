using KzBot.Core.Text;

namespace KzBot.Core.Ingestion;

/// <summary>A document's id depends only on where it lives, so it survives edits and reloads.</summary>
public static class DocumentIds
{
    public static string For(string sourceKey) => "d" + ContentHash.Of(sourceKey)[..11];
}
