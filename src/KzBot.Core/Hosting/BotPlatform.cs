namespace KzBot.Core.Hosting;

/// <summary>
/// Registered by each platform adapter so <c>serve</c> can tell whether anything will run, and if not,
/// which settings would enable it.
/// </summary>
/// <param name="Name">"telegram", "discord".</param>
/// <param name="Enabled">True when configured (its token is set).</param>
/// <param name="HowToEnable">One line naming the settings that enable it.</param>
public sealed record BotPlatform(string Name, bool Enabled, string HowToEnable);
