namespace KzBot.Discord.Gateway;

/// <summary>What a shard keeps across connections so it can resume instead of identifying again.</summary>
internal sealed class GatewaySession
{
    public string? SessionId { get; private set; }

    public Uri? ResumeUrl { get; private set; }

    /// <summary>The last dispatch sequence received; sent with heartbeats and resume.</summary>
    public long? Sequence { get; set; }

    public bool CanResume => SessionId is not null && ResumeUrl is not null;

    public void Start(string sessionId, Uri resumeUrl)
    {
        SessionId = sessionId;
        ResumeUrl = resumeUrl;
    }

    public void Clear()
    {
        SessionId = null;
        ResumeUrl = null;
        Sequence = null;
    }
}
