package dev.falloutworkbench.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference Camunda 7 engine the workbench is developed and tested against.
 * Processes are never bundled here: they are deployed through the REST API, as a release pipeline would.
 */
@SpringBootApplication
public class ReferenceEngineApplication {
  public static void main(String[] args) {
    SpringApplication.run(ReferenceEngineApplication.class, args);
  }
}
