package org.parley.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Garage, Ceph, R2...) through the AWS SDK's synchronous
 * client over the JDK's HttpURLConnection (no Netty, no Apache client: see pom.xml). Every SDK failure surfaces as
 * an IOException, as the port promises, and a dead or unreachable store fails within the timeouts below instead of
 * holding a request thread.
 */
public final class S3FileStore implements FileStore, AutoCloseable {
    /** A down or firewalled store fails the connect within this (each of the SDK's retries pays it again). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A store that accepted the connection but stopped answering (a frozen host) fails after this much silence; with
     * the SDK's three attempts a call gives up within about 45 s. S3 answers in well under a second.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /**
     * The whole call, retries included. It is the only bound on an upload stuck writing to a black-holed server (the
     * read timeout does not cover writes), and must leave room for a large attachment over a modest uplink.
     */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Where the bucket is and how to reach it.
     *
     * @param endpoint  the store's URL, e.g. {@code http://minio:9000}; null for AWS itself (chosen by region)
     * @param region    the signing region, e.g. {@code us-east-1} (most S3-compatible servers accept any)
     * @param bucket    the bucket holding every workspace's files
     * @param accessKey the access key id
     * @param secretKey the secret key (left out of {@link #toString()}, which may reach the logs)
     * @param pathStyle true for {@code endpoint/bucket/key} URLs (MinIO and most self-hosted stores), false for
     *                  {@code bucket.endpoint/key} (AWS's default)
     */
    public record Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                           boolean pathStyle) {
        public Settings {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toString() {
            return "S3 bucket '" + bucket + "' at " + (endpoint == null ? "AWS" : endpoint) + " (region " + region
                    + ", access key " + accessKey + (pathStyle ? ", path-style" : "") + ")";
        }
    }

    private final Settings settings;
    private final S3Client client;

    public S3FileStore(Settings settings) {
        this.settings = settings;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
                // The SDK's default since 2.30 adds CRC trailers to uploads (aws-chunked) and asks for checksums on
                // downloads; many S3-compatible servers refuse both (s3proxy answers 400 and 501). Checksums only
                // where an operation requires them, on AWS too, so the behaviour the tests check is the one in use.
                // Uploads stay protected: SigV4 signs the payload over HTTP, TLS protects it over HTTPS.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
    }

    /**
     * Creates the bucket when it does not exist yet, for a first start against an empty store. Two nodes starting at
     * once both succeed. A bucket that exists but belongs to someone else fails with an IOException.
     */
    public void ensureBucket() throws IOException {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
            return;
        } catch (NoSuchBucketException e) {
            // Created below.
        } catch (SdkException e) {
            throw failure("checking bucket", null, e);
        }
        CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(settings.bucket());
        if (!Region.US_EAST_1.id().equals(settings.region())) {
            // AWS creates buckets in us-east-1 unless told otherwise, and refuses a mismatch with the client's region.
            create.createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(settings.region()).build());
        }
        try {
            client.createBucket(create.build());
        } catch (BucketAlreadyOwnedByYouException e) {
            // Another node created it between our check and our create.
        } catch (SdkException e) {
            throw failure("creating bucket", null, e);
        }
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        FileKeys.require(key);
        try {
            // fromFile streams from disk and reopens the file for a retry: the upload never sits in memory.
            client.putObject(p -> p.bucket(settings.bucket()).key(key).contentType(contentType),
                    RequestBody.fromFile(source));
        } catch (UncheckedIOException e) {
            // The SDK reads the source's size eagerly and wraps a missing file this way.
            throw e.getCause();
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        FileKeys.require(key);
        try {
            return Optional.of(new IoErrorsOnly(client.getObject(g -> g.bucket(settings.bucket()).key(key)), key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        FileKeys.require(key);
        try {
            // S3 answers 204 for a key that is not there: deleting twice is not an error.
            client.deleteObject(d -> d.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public void close() {
        client.close();
    }

    private IOException failure(String action, String key, SdkException cause) {
        return new IOException(settings + ": " + action + (key == null ? "" : " of '" + key + "'") + " failed: "
                + cause.getMessage(), cause);
    }

    /**
     * The object's bytes, with the SDK's unchecked exceptions raised while reading (a checksum mismatch, an aborted
     * connection) turned into the IOException every reader of a stream expects, so a truncated or corrupt download
     * fails like any other broken read.
     */
    private static final class IoErrorsOnly extends FilterInputStream {
        private final String key;

        IoErrorsOnly(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SdkException e) {
                throw new IOException("reading '" + key + "' from S3 failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SdkException e) {
                throw new IOException("reading '" + key + "' from S3 failed: " + e.getMessage(), e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (SdkException e) {
                throw new IOException("reading '" + key + "' from S3 failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (SdkException e) {
                throw new IOException("closing '" + key + "' from S3 failed: " + e.getMessage(), e);
            }
        }
    }
}
