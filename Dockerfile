# trellis as a scheduled ECS task: `docker run trellis` reconciles the manifests baked in at
# /app/manifests; mount another directory over it (or pass paths) to use other manifests.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
# The build compiles TypeScript and writes the standalone schema validators (scripts/build-validators.mjs).
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schemas ./schemas
COPY manifests ./manifests
USER node
ENTRYPOINT ["node", "bin/trellis.js", "reconcile"]
CMD ["manifests/examples"]
