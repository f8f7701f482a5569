// ... existing code ...
import io.codingit.files.WorkspacePath;
import io.codingit.web.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
        // ... existing code ...
        } catch (DuplicateKeyException e) {
            // Only reachable if a write bypassed the usage lock; the constraint still keeps paths unique.	
            throw new PathConflictException("A path in this request already exists", List.of());
        } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
            // The database gave up waiting for the user's lock (H2 has a lock timeout of a few seconds
            // and reports it as a query timeout); the transaction rolled back, nothing was written.
            throw ApiException.unavailable("The workspace is busy with another change; retry shortly");
        }	
    }

// ... existing code ...
