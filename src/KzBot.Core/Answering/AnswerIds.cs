using System.Security.Cryptography;

namespace KzBot.Core.Answering;

/// <summary>Short random ids: small enough for Telegram's 64-byte callback data, unguessable enough for feedback.</summary>
public static class AnswerIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 12);
}
