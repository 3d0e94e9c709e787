namespace KzBot.Core.Storage;

/// <summary>How the store's full-text index splits and stems words; anything comparing against it uses the same.</summary>
public static class SqliteFts
{
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";
}
