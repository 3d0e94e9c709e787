using System.Security.Cryptography;
using System.Text;

namespace KzBot.Core.Text;

public static class ContentHash
{
    public static string Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
