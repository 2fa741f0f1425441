# syntax=docker/dockerfile:1
# SendDashboard as a container image: docker build -t senddashboard . (or podman build). compose.yaml runs two of them
# behind nginx over a PostgreSQL primary and a streaming standby; README.md "Container deployment" says how.

# ---- build: the .NET SDK plus Node.js/npm, which the build runs for the front end (Frontend.targets: npm ci, Sass) ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src
# Restore first, from the project files alone, so a change of source reuses the restored packages.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/SendDashboard/SendDashboard.csproj src/SendDashboard/Frontend.targets src/SendDashboard/package.json src/SendDashboard/package-lock.json src/SendDashboard/
RUN dotnet restore src/SendDashboard/SendDashboard.csproj
COPY src/ src/
RUN dotnet publish src/SendDashboard/SendDashboard.csproj -c Release --no-restore -o /app

# ---- runtime: the official ASP.NET Core image, as its non-root user ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Board packs in PDF are made by LibreOffice Impress (headless); build with --build-arg PDF_PACKS=false for an image
# about 400 MB smaller that makes PowerPoint and Word packs only.
ARG PDF_PACKS=true
RUN if [ "$PDF_PACKS" = "true" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends libreoffice-impress-nogui poppler-utils \
        && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
COPY --from=build /app ./
# The reference and published data the seed verb loads (docker compose runs `seed` once before the app starts).
COPY seed-data/ /app/seed-data/
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    SeedData__Path=/app/seed-data \
    DOTNET_gcServer=0
# uid 1654, made by the official image; it owns nothing under /app, so the app cannot rewrite itself.
USER app
EXPOSE 8080
# The image has neither curl nor wget: bash's /dev/tcp sends one HTTP request to the liveness endpoint and the check
# passes on a 200 status line. No extra binary, no verb, nothing that starts a second .NET process every 15 s.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "SendDashboard.dll"]
CMD ["serve"]
