package dev.falloutworkbench.engine;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camunda has no property for REST authentication: the engine's own filter has to be registered by hand.
 * Without it anyone reaching the port could drive the engine.
 */
@Configuration
public class RestBasicAuthConfig {
  @Bean
  public FilterRegistrationBean<Filter> engineRestBasicAuth() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>();
    registration.setName("engine-rest-basic-auth");
    registration.setFilter(new ProcessEngineAuthenticationFilter());
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }
}
