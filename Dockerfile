# syntax=docker/dockerfile:1
# Build: docker build -t kzbot .
# Run:   docker run -e KZBOT__Telegram__BotToken=... -v kzbot-data:/app/data -p 8080:8080 kzbot
# (8080: /healthz, /readyz and /metrics; several replicas on PostgreSQL: compose.yaml)

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
COPY src/KzBot.Postgres/KzBot.Postgres.csproj src/KzBot.Postgres/
# One runtime identifier, the image's: restore and publish bring only its native libraries (ONNX Runtime ships
# them for every platform otherwise), and no .pdb or XML documentation goes into the image.
ARG TARGETARCH
RUN echo "linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" > /rid && dotnet restore src/KzBot/KzBot.csproj -r "$(cat /rid)"
COPY appsettings.json ./
COPY src/ src/
COPY prompts/ prompts/
RUN dotnet publish src/KzBot/KzBot.csproj -c Release --no-restore -r "$(cat /rid)" --self-contained false \
      -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false -o /app

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
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 KZBOT__Ops__Urls=http://0.0.0.0:8080
EXPOSE 8080
VOLUME ["/app/data"]
# The image has no curl; bash's /dev/tcp asks /healthz for its status line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "KzBot.dll"]
CMD ["serve"]
