package dev.dewy.operator.registry;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.BaseServiceException;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google's Cloud Storage client (its HTTP JSON API transport) for a gs:// URL, shared by the
 * registry (listing, shipping reports) and the fetcher (downloading), and the one translation of
 * its errors into words that name the fix.
 */
public final class GcsClients {
  /** The key a credentialsSecret holds for gs://: a service account's JSON key file. */
  public static final String GOOGLE_CREDENTIALS = "GOOGLE_CREDENTIALS";

  /** Listing and reading the releases, and writing the shipping reports. */
  private static final List<String> SCOPES =
      List.of("https://www.googleapis.com/auth/devstorage.read_write");

  private GcsClients() {}

  /**
   * A client for {@code url}: against {@code endpoint=} (an emulator) without credentials, else
   * with {@code credentials} (the password is the {@link #GOOGLE_CREDENTIALS} JSON), else with
   * Application Default Credentials (Workload Identity, the metadata server).
   */
  public static Storage open(GcsUrl url, Optional<RegistryCredentials> credentials) {
    var builder = StorageOptions.http();
    if (url.endpoint().isPresent()) {
      URI endpoint = url.endpoint().get();
      builder
          .setHost(endpoint.toString().replaceAll("/+$", ""))
          .setProjectId("dewy-operator")
          .setCredentials(NoCredentials.getInstance());
    } else if (credentials.isPresent()) {
      ServiceAccountCredentials key = serviceAccount(credentials.get().password());
      builder.setCredentials(key.createScoped(SCOPES));
      if (key.getProjectId() != null) {
        builder.setProjectId(key.getProjectId());
      }
    } else {
      builder.setCredentials(applicationDefault());
    }
    return builder.build().getService();
  }

  /** The credentials of a {@link #GOOGLE_CREDENTIALS} value, as a Secret gives it. */
  public static RegistryCredentials credentials(String json) {
    serviceAccount(json);
    return new RegistryCredentials(GOOGLE_CREDENTIALS, json);
  }

  /** The credentials in a fetcher's environment (the pod fills it from the credentialsSecret). */
  public static Optional<RegistryCredentials> credentials(Map<String, String> env) {
    String json = env.get(GOOGLE_CREDENTIALS);
    return json == null || json.isBlank() ? Optional.empty() : Optional.of(credentials(json));
  }

  /**
   * A service account's JSON key; {@link IllegalArgumentException} saying what is wrong with it,
   * never quoting it.
   */
  private static ServiceAccountCredentials serviceAccount(String json) {
    try {
      return ServiceAccountCredentials.fromStream(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "%s is not a service account's JSON key (%s); download one with gcloud iam service-accounts keys create"
              .formatted(GOOGLE_CREDENTIALS, e.getClass().getSimpleName()));
    }
  }

  /** The pods' own Google identity, or credentials that fail every request saying there is none. */
  private static Credentials applicationDefault() {
    try {
      return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
    } catch (IOException e) {
      return new MissingCredentials();
    }
  }

  /** A client failure as a {@link RegistryException} whose message says what to change. */
  public static RegistryException failure(GcsUrl url, RuntimeException e) {
    String where = url.describe() + url.endpoint().map(ep -> " (at " + ep + ")").orElse("");
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoCredentialsException) {
        return new RegistryException(
            RegistryException.Kind.UNAUTHORIZED,
            ("%s: no Google credentials found; set spec.credentialsSecret to a Secret with %s (a"
                    + " service account's JSON key), or give the pods a Google identity")
                .formatted(where, GOOGLE_CREDENTIALS));
      }
    }
    if (e instanceof BaseServiceException gcs && gcs.getCode() > 0) {
      if (gcs.getCode() == 404) {
        return new RegistryException(
            RegistryException.Kind.NOT_FOUND,
            "%s: bucket \"%s\" does not exist (check the bucket and endpoint=)"
                .formatted(where, url.bucket()));
      }
      if (gcs.getCode() == 401 || gcs.getCode() == 403) {
        return new RegistryException(
            RegistryException.Kind.UNAUTHORIZED,
            ("%s: access denied (HTTP %d); check %s in spec.credentialsSecret, and that its"
                    + " service account may list, read and create objects in the bucket")
                .formatted(where, gcs.getCode(), GOOGLE_CREDENTIALS));
      }
      return new RegistryException(
          RegistryException.Kind.PROTOCOL,
          "%s: HTTP %d %s".formatted(where, gcs.getCode(), String.valueOf(gcs.getReason())));
    }
    return new RegistryException(
        RegistryException.Kind.UNREACHABLE, where + ": " + e.getMessage(), e);
  }

  /** Why a request without any Google identity failed. */
  private static final class NoCredentialsException extends IOException {
    NoCredentialsException() {
      super("no Google credentials found");
    }
  }

  /** Stands in for Application Default Credentials where there are none. */
  private static final class MissingCredentials extends Credentials {
    @Override
    public String getAuthenticationType() {
      return "none";
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) throws IOException {
      throw new NoCredentialsException();
    }

    @Override
    public boolean hasRequestMetadata() {
      return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
      return true;
    }

    @Override
    public void refresh() throws IOException {
      throw new NoCredentialsException();
    }
  }
}
