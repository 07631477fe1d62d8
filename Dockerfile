# syntax=docker/dockerfile:1
#
# One image per sample operator, chosen with SAMPLE:
#   docker build --build-arg SAMPLE=sample-controller -t capstan/sample-controller:dev .
#   docker build --build-arg SAMPLE=tenant-operator   -t capstan/tenant-operator:dev .
#
# Stages: "build" compiles the modules the samples need with Maven on a JDK and packages the
# sample's executable Spring Boot jar; "layers" splits that jar into Spring Boot's layers
# (jarmode tools); the final image is a JRE, those layers (dependencies first: they change
# least, so they cache best) and a non-root user. No JDK, Maven or sources in it.
#
# The build machines of this project have no Docker engine, so this file is never built there.
# DockerfileTest checks instead that every path it copies exists in the repository or in the
# Maven build's output, and that each SAMPLE names a packaged jar and an existing main class;
# PackagedJarIT runs the jar the way ENTRYPOINT does (docs/deploy.md).

ARG SAMPLE=sample-controller

FROM maven:3.9-eclipse-temurin-17 AS build
ARG SAMPLE
WORKDIR /workspace
# The reactor: every module's pom must be present for Maven to read the root pom; only the
# modules sample-operators depends on need their sources (benchmarks and reliability-peers are not built).
COPY pom.xml ./
COPY benchmarks/pom.xml benchmarks/
COPY reliability-peers/pom.xml reliability-peers/
COPY api-codegen/ api-codegen/
COPY framework-core/ framework-core/
COPY testing-support/ testing-support/
COPY framework-spring-boot-starter/ framework-spring-boot-starter/
COPY sample-operators/ sample-operators/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true -pl sample-operators -am package \
 && cp "sample-operators/target/sample-operators-${SAMPLE}.jar" /workspace/application.jar

FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY --from=build /workspace/application.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
ARG SAMPLE
LABEL org.opencontainers.image.title="capstan-${SAMPLE}" \
      org.opencontainers.image.description="Capstan sample operator ${SAMPLE} (Spring Boot)"
RUN groupadd --system --gid 10001 capstan \
 && useradd --system --uid 10001 --gid capstan --home-dir /application --shell /usr/sbin/nologin capstan
WORKDIR /application
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "application.jar"]
