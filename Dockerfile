# Production image: the hub with its routes/ and mappings/ folders beside the jar (integrators edit them
# without a rebuild by mounting their own folders over these).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/synchub-*.jar /app/synchub.jar
COPY routes /app/routes
COPY mappings /app/mappings
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/synchub.jar"]
