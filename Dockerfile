# syntax=docker/dockerfile:1
#
# PLACEHOLDER — there is no sample operator to package yet.
#
# The real image (multi-stage: build with Maven, run on a JRE; layered Spring Boot jar;
# non-root user; ARG to choose the sample) arrives with the sample-operators issue, together
# with a test that checks every path this file copies exists. Until then building this file
# fails on purpose with the message below, rather than producing an image that runs nothing.
# Note: the build machines have no Docker engine, so images are never built there.
FROM eclipse-temurin:17-jre
RUN echo "Capstan: the sample operator image does not exist yet (see the comment at the top of the Dockerfile)." >&2 && exit 1
