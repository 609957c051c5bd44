# Production image: the hub with its routes/ and mappings/ folders beside the jar (integrators edit them without a
# rebuild by mounting their own folders over these). The jar carries no simulators (pom.xml leaves io/platformsim out
# of it) and no local data (.dockerignore keeps data/, target/ and .git out of the build context). Jar entries carry
# the fixed project.build.outputTimestamp, so the same sources give the same jar.
# Start-up: the jar runs unpacked (application jar + lib/, classes read from plain jars rather than from jars nested in
# the jar) with a class data sharing archive made by a training start at build time (docs/benchmarks-profiles.md,
# "Start-up").
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/synchub-*.jar extract --destination target/hub --application-filename synchub.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 synchub \
 && useradd --system --uid 10001 --gid synchub --home-dir /app --no-create-home synchub \
 && mkdir -p /app/data && chown synchub:synchub /app/data
WORKDIR /app
COPY --from=build /src/target/hub /app/hub
COPY routes /app/routes
COPY mappings /app/mappings
# Memory limits that keep the process well under 768 MB resident (heap, metaspace, code cache, thread stacks);
# override with JAVA_OPTS.
ENV JAVA_OPTS="-Xms256m -XX:MetaspaceSize=160m -Xmx384m -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC"
# Class data sharing: a training start of the hub (context, migrations, routes; on a throwaway in-memory database, no
# files written) stops itself a second after it is up, and the JVM writes the classes it loaded to /app/synchub.jsa;
# every start maps them instead of loading, verifying and linking them again. The archive belongs to this JVM and these
# jars: an archive that does not match is ignored with a warning, and the hub starts without it.
RUN [ -f "$JAVA_HOME/lib/server/classes.jsa" ] || java -Xshare:dump \
 && java $JAVA_OPTS -XX:ArchiveClassesAtExit=/app/synchub.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /app/hub/synchub.jar --camel.main.duration-max-seconds=1 --server.port=0 --synchub.pos.websocket.port=0 \
      --spring.datasource.url='jdbc:h2:mem:training;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH' \
      --synchub.api-keys=training-only \
 && test -s /app/synchub.jsa \
 && rm -rf /app/data/* /tmp/*
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["sh", "-c", "exec java -XX:SharedArchiveFile=/app/synchub.jsa $JAVA_OPTS -jar /app/hub/synchub.jar \"$@\"", "synchub"]
