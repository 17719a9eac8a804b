# PostgreSQL with the RUM extension: search ranks straight from the index with it, and falls back
# to the stock GIN index without it (the server checks at start).
FROM postgres:15
RUN apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}-rum" \
 && rm -rf /var/lib/apt/lists/*
