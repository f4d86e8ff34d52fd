# syntax=docker/dockerfile:1
# Build: a static binary, no cgo.
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/mspbot ./cmd/mspbot
# /data holds the protocol signing key and the web chat's visitor key (a
# volume in docker-compose.yml), owned by the image's non-root user so the
# bot can write them.
RUN mkdir -p /out/data

# Run: distroless static (CA certificates, a non-root user, nothing else).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mspbot /mspbot
COPY --from=build --chown=65532:65532 /out/data /data
ENV MSPBOT_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["/mspbot", "healthcheck"]
ENTRYPOINT ["/mspbot"]
CMD ["serve"]
