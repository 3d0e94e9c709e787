# syntax=docker/dockerfile:1
# Build: docker build -t kzbot .
# Run:   docker run -e KZBOT__Telegram__BotToken=... -v kzbot-data:/app/data kzbot

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so package restore is cached until they change.
COPY KzBot.sln Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/KzBot/KzBot.csproj src/KzBot/
COPY src/KzBot.Core/KzBot.Core.csproj src/KzBot.Core/
COPY src/KzBot.Telegram/KzBot.Telegram.csproj src/KzBot.Telegram/
COPY src/KzBot.Discord/KzBot.Discord.csproj src/KzBot.Discord/
COPY src/KzBot.Llm/KzBot.Llm.csproj src/KzBot.Llm/
COPY src/KzBot.Embeddings/KzBot.Embeddings.csproj src/KzBot.Embeddings/
RUN dotnet restore src/KzBot/KzBot.csproj
COPY appsettings.json ./
COPY src/ src/
COPY prompts/ prompts/
RUN dotnet publish src/KzBot/KzBot.csproj -c Release --no-restore -o /app

# The ASP.NET Core runtime: the Telegram webhook endpoint runs on Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY appsettings.json ./
COPY seeds/ ./seeds/
COPY prompts/ ./prompts/
# "app" (UID 1654) is the non-root user the official .NET images ship with.
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "KzBot.dll"]
CMD ["serve"]
