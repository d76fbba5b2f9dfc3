# syntax=docker/dockerfile:1
# One image for both processes; the command picks which (see docker-compose.yml):
#   receiver: node --import tsx apps/receiver/src/main.ts   (the default)
#   worker:   node --import tsx apps/worker/src/main.ts
# codesync runs its TypeScript through tsx, so there is no build step and the dev
# dependencies that hold tsx are installed too.

FROM node:20-bookworm-slim AS base
ENV PNPM_VERSION=10.34.9 \
    CI=true
RUN npm install --global "pnpm@${PNPM_VERSION}" \
 && apt-get update \
 && apt-get install --yes --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# better-sqlite3 falls back to compiling its binding when no prebuilt binary can be fetched,
# so the toolchain lives in this stage only.
FROM base AS deps
RUN apt-get update \
 && apt-get install --yes --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline

FROM base AS runtime
ENV NODE_ENV=production \
    CODESYNC_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=deps /app /app
# Code stays owned by root and read-only for the service user; only /data is writable.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000 9464
CMD ["node", "--import", "tsx", "apps/receiver/src/main.ts"]
