# syntax=docker/dockerfile:1
# FedWorkbench web app image: serves HTTP on port 8080 and stores runs in the /data volume.
#   docker build -t fedworkbench .
#   docker run -p 8080:8080 -v fedworkbench-data:/data fedworkbench
# NOTE: not built with Docker or from the real base images, because the machines this was written on have no
# Docker engine and cannot pull images. Both stages were built with buildah 1.28 against local Debian 12 stand-ins
# holding .NET SDK 10.0.401 and the 10.0.12 runtimes, and the image ran as UID 1654 with /data on a host folder:
# the home page and its assets came back non-empty and a 2-round Fashion-MNIST run completed. The HEALTHCHECK was
# added later on a machine without buildah, so it has not been built; its probe script was run against the app.
# docs/deploy.md says how.

# Build stage: publish with the same script as scripts/run-app.sh and CI.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN bash scripts/publish.sh /out/app

# .NET 10 publishes no Debian images (aspnet:10.0 is Ubuntu 24.04), while Fashion-MNIST comes from Debian's
# dataset-fashion-mnist package. So the runtime stage is Debian 12 with the ASP.NET Core runtime copied from the
# official image, which installs the distribution-independent linux-x64 build into /usr/share/dotnet.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS aspnet

FROM debian:bookworm-slim AS runtime

# The runtime's native dependencies (no ICU: the app uses invariant globalization), the dataset, and the GNU
# OpenMP runtime that LightGBM's native library (the LightGBM centralized baseline) loads.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        dataset-fashion-mnist \
        libgomp1 \
        libssl3 \
        libstdc++6 \
        tzdata \
        zlib1g \
    && rm -rf /var/lib/apt/lists/*

COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

# Run as an unprivileged user with the same UID (1654) and home folder as the official .NET images' "app" user.
# The app keeps its state in the data folder (Storage:DataFolder, here /data): the SQLite database, the
# data-protection keys in /data/keys and the lock file /data/fedworkbench.lock. So /data belongs to that user,
# and a named volume mounted there starts with that owner.
RUN groupadd --system --gid 1654 app \
    && useradd --system --uid 1654 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data

WORKDIR /app
COPY --from=build /out/app .

ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Storage__DataFolder=/data \
    Datasets__FashionMnistFolder=/usr/share/datasets/fashion-mnist

VOLUME /data
EXPOSE 8080
USER app

# The probe asks /health/ready (database, migrations, Fashion-MNIST files, run worker) over loopback with bash's
# /dev/tcp, so the image needs neither curl nor wget. The start period covers migrating a large database.
COPY scripts/container-healthcheck.sh /usr/local/bin/fedworkbench-healthcheck
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["bash", "/usr/local/bin/fedworkbench-healthcheck"]

ENTRYPOINT ["dotnet", "FedWorkbench.Web.dll"]
