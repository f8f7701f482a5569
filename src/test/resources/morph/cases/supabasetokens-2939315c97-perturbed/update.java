// ...

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
            // ...
            claims = processor.process(jwt, null);
        } catch (KeySourceException e) {
            // fail closed: without the keys no asymmetric token can be trusted (message names no token)
            log.warn("Supabase JWKS unavailable: {}", e.getMessage());
            throw new TokenRejectedException("Invalid or expired access token");
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRejectedException("Invalid or expired access token");
// ...
