package dev.falloutworkbench.engine;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the technical REST users: one for the workbench BFF and one for the demo workers, so the engine's
 * user operation log tells their calls apart. The Cockpit admin is created by the starter itself.
 */
@Component
public class TechnicalUsers {
  private static final Logger LOG = LoggerFactory.getLogger(TechnicalUsers.class);

  private final IdentityService identityService;
  private final String apiUser;
  private final String apiPassword;
  private final String workerUser;
  private final String workerPassword;

  public TechnicalUsers(
      IdentityService identityService,
      @Value("${workbench.api-user.id}") String apiUser,
      @Value("${workbench.api-user.password}") String apiPassword,
      @Value("${workbench.worker-user.id}") String workerUser,
      @Value("${workbench.worker-user.password}") String workerPassword) {
    this.identityService = identityService;
    this.apiUser = apiUser;
    this.apiPassword = apiPassword;
    this.workerUser = workerUser;
    this.workerPassword = workerPassword;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ensureUsers() {
    ensure(apiUser, apiPassword, "Workbench BFF");
    ensure(workerUser, workerPassword, "Demo workers");
  }

  private void ensure(String id, String password, String firstName) {
    User user = identityService.createUserQuery().userId(id).singleResult();
    if (user == null) {
      user = identityService.newUser(id);
      user.setFirstName(firstName);
      user.setLastName("(technical)");
      user.setPassword(password);
      identityService.saveUser(user);
      LOG.info("Created technical user {}", id);
    } else if (!identityService.checkPassword(id, password)) {
      // The configured password is the source of truth; a changed secret must take effect on restart.
      user.setPassword(password);
      identityService.saveUser(user);
      LOG.info("Updated password of technical user {}", id);
    }
  }
}
