using KzBot.Cli;

return await CliApp.RunAsync(args);
