import dev.porthole.deploy.testing.FakeAws;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deployer's local CloudFormation/S3/STS server (its test fixture, dev.porthole.deploy.testing.FakeAws) as a
 * process, so smoke-test-linux.sh can deploy with the installed porthole-deploy and nothing but loopback.
 * Prints {@code endpoint=URL} once listening; when stopped (SIGTERM), writes every object uploaded to S3 into
 * DUMP_DIR/bucket/key, so the script can compare the uploaded Lambda jar with the one the build made.
 *
 * Usage: java -cp deployer/target/test-classes:/opt/porthole/lib/app/* FakeAwsServer.java DUMP_DIR
 */
public final class FakeAwsServer {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        FakeAws aws = FakeAws.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                for (String name : aws.s3.bucketNames()) {
                    var bucket = aws.s3.bucket(name).orElseThrow();
                    for (var object : bucket.objects.entrySet()) {
                        Path file = dump.resolve(name).resolve(object.getKey());
                        Files.createDirectories(file.getParent());
                        Files.write(file, object.getValue().bytes);
                    }
                }
            } catch (Exception e) {
                System.err.println("FakeAwsServer: could not write the uploaded objects: " + e);
            } finally {
                aws.close();
            }
        }));
        System.out.println("endpoint=" + aws.endpoint());
        System.out.flush();
        Thread.currentThread().join(); // until SIGTERM
    }
}
