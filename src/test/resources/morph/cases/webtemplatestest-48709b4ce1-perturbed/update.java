// ... existing code ...
import io.codingit.support.IntegrationTest;
import io.codingit.support.TemplatePreparation;
import io.codingit.support.TestApi;
// ... existing code ...

import static io.codingit.support.TemplatePreparation.createWhenPrepared;
import static io.codingit.support.TemplatePreparation.template;
import static org.assertj.core.api.Assertions.assertThat;	
// ... existing code ...
class WebTemplatesTest extends PreviewTestBase {	

// ... existing code ...

    /** Asks for the template once (its first need starts the preparation), then waits until it is ready or unavailable. */  
// ... existing code ...

}
