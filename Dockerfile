# ccpulse in a container: the sync daemon by default, the dashboard with `serve`. Built only from the
# npm registry (package-lock.json) and Debian packages; the compilers better-sqlite3 may need stay in
# the build stage, and the image runs as the unprivileged `node` user.
#   docker build -t ccpulse .
#   docker run --env-file .env -v ccpulse-data:/var/lib/ccpulse -p 9464:9464 ccpulse
#   docker run --env-file .env -e HEALTHCHECK_PORT=8080 -p 8080:8080 ccpulse serve --host 0.0.0.0 --port 8080

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native module when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off for the install (`prepare` would build before the sources are here); the one native
# module is then built on its own.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CCPULSE_DATA_DIR=/var/lib/ccpulse \
    CCPULSE_LOG_FORMAT=json \
    HEALTHCHECK_PORT=9464
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY package.json LICENSE README.md ./
RUN mkdir -p /var/lib/ccpulse && chown node:node /var/lib/ccpulse && chmod 0700 /var/lib/ccpulse
USER node
VOLUME /var/lib/ccpulse
EXPOSE 9464 8080
# /healthz of the daemon (--metrics-port, 9464) or of the dashboard (set HEALTHCHECK_PORT to its --port).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTHCHECK_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's child-free main process: `docker stop` (SIGTERM) reaches ccpulse directly.
ENTRYPOINT ["node", "bin/ccpulse.js"]
CMD ["daemon", "--metrics-host", "0.0.0.0"]
