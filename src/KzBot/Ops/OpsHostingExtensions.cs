using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Ops;

public static class OpsHostingExtensions
{
    /// <summary>
    /// The ops endpoint, when <c>Ops:Urls</c> is set. Only <c>serve</c> starts the host, so the other verbs never
    /// open it.
    /// </summary>
    public static IHostApplicationBuilder AddOpsEndpoint(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OpsOptions.Section);
        builder.Services.AddOptions<OpsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReadinessProbe>();
        if (!string.IsNullOrWhiteSpace(section["Urls"]))
        {
            builder.Services.AddSingleton<OpsServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OpsServer>());
        }

        return builder;
    }
}
