using System.ComponentModel.DataAnnotations;

namespace KzBot.Core.Sources;

/// <summary>Sources admins add from the chat or the CLI, and how they are fetched (also the <c>Sources</c> section).</summary>
public sealed class ManagedSourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Folder the added files are kept in; empty means "sources" beside the store, so the data volume keeps them.</summary>
    public string ManagedFolder { get; set; } = "";

    /// <summary>Largest single added source, as downloaded or uploaded.</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxSourceBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How many sources may be added from chat in total.</summary>
    [Range(1, 100_000)]
    public int MaxManagedSources { get; set; } = 200;

    /// <summary>Bytes all added sources may take together.</summary>
    [Range(1_024, 68_719_476_736)]
    public long MaxManagedBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// Host names or addresses that may be fetched even though they resolve to a loopback, private or link-local
    /// address (an intranet wiki, a test server). Everything else must resolve to public addresses only.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole download, every redirect included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Obey robots.txt for URL sources; an admin may turn it off for their own site.</summary>
    public bool RespectRobotsTxt { get; set; } = true;

    /// <summary>Sent with every request so site owners can tell who fetches.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UserAgent { get; set; } = "KzBot/1.0 (source fetcher; added by a bot admin)";
}
