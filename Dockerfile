# Production image: the hub with its routes/ and mappings/ folders beside the jar (integrators edit them without a
# rebuild by mounting their own folders over these). The jar carries no simulators (pom.xml leaves io/platformsim out
# of it) and no local data (.dockerignore keeps data/, target/ and .git out of the build context). Jar entries carry
# the fixed project.build.outputTimestamp, so the same sources give the same jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 synchub \
 && useradd --system --uid 10001 --gid synchub --home-dir /app --no-create-home synchub \
 && mkdir -p /app/data && chown synchub:synchub /app/data
WORKDIR /app
COPY --from=build /src/target/synchub-*.jar /app/synchub.jar
COPY routes /app/routes
COPY mappings /app/mappings
USER 10001:10001
EXPOSE 8080 8081
# Memory limits that keep the process well under 768 MB resident (heap, metaspace, code cache, thread stacks);
# override with JAVA_OPTS.
ENV JAVA_OPTS="-Xms64m -Xmx384m -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/synchub.jar \"$@\"", "synchub"]
