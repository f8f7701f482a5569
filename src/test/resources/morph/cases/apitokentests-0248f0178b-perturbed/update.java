// ... existing code ...
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;  
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
// ... existing code ...
import static org.assertj.core.api.Assertions.assertThat;

/** Personal API tokens: create (secret once), list, use as Bearer, last-used, revoke; on H2 and PostgreSQL. */
abstract class ApiTokenTests extends AuthApiTests {
    SignedUpUser user;

    @BeforeEach
    void signUp() {  
        user = TestUsers.signUp(api);
    } 

// ... existing code ...
