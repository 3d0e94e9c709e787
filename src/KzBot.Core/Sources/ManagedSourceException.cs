namespace KzBot.Core.Sources;

/// <summary>An add, remove or refresh that was refused or failed; the message is what the admin reads, and nothing changed.</summary>
public class ManagedSourceException(string message, Exception? inner = null) : Exception(message, inner);
