package dev.porthole.deploy.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.porthole.deploy.testing.FakeAws.JsonAnswer;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * ACM's JSON 1.1 protocol for {@code CertificateManager.DescribeCertificate}. Certificates are set up by tests; any
 * other well-formed ARN of this account and Region answers as an issued certificate for {@code example.com} and
 * {@code *.example.com} (what the app's own tests deploy with), unless it was {@link #forget(String) forgotten}.
 */
public final class FakeAcm {

    public static final String DEFAULT_NAME = "example.com";

    private final Map<String, Certificate> certificates = new HashMap<>();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

    /** A certificate as ACM describes it. */
    public record Certificate(String arn, String status, String domainName, List<String> alternativeNames,
                              Map<String, String> validationRecord) {
    }

    public synchronized void put(String arn, String status, String domainName, String... alternativeNames) {
        certificates.put(arn, new Certificate(arn, status, domainName, List.of(alternativeNames), Map.of()));
        forgotten.remove(arn);
    }

    /** A certificate waiting for DNS validation with this CNAME record. */
    public synchronized void pending(String arn, String domainName, String recordName, String recordValue) {
        certificates.put(arn, new Certificate(arn, "PENDING_VALIDATION", domainName, List.of(domainName),
                Map.of("Name", recordName, "Type", "CNAME", "Value", recordValue)));
        forgotten.remove(arn);
    }

    /** That ARN now names no certificate (deleted, or never there). */
    public synchronized void forget(String arn) {
        certificates.remove(arn);
        forgotten.add(arn);
    }

    synchronized JsonAnswer handle(String operation, JsonNode body) {
        if (!operation.equals("DescribeCertificate")) {
            return JsonAnswer.error(400, "InvalidAction", "Unknown operation " + operation);
        }
        String arn = Json.text(body, "CertificateArn");
        if (arn == null || !arn.matches("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+")) {
            return JsonAnswer.error(400, "InvalidArnException", "String '" + arn + "' is not a valid ARN.");
        }
        Certificate certificate = certificates.get(arn);
        boolean ours = arn.contains(":acm:" + FakeCloudFormation.REGION + ":" + FakeAws.ACCOUNT + ":");
        if (certificate == null && (forgotten.contains(arn) || !ours)) {
            return JsonAnswer.error(400, "ResourceNotFoundException", "Could not find certificate " + arn + ".");
        }
        if (certificate == null) {
            certificate = new Certificate(arn, "ISSUED", DEFAULT_NAME, List.of(DEFAULT_NAME, "*." + DEFAULT_NAME), Map.of());
        }
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.DAYS);
        List<Object> validations = new ArrayList<>();
        for (String name : certificate.alternativeNames()) {
            Map<String, Object> validation = new LinkedHashMap<>();
            validation.put("DomainName", name);
            validation.put("ValidationDomain", name);
            validation.put("ValidationStatus", certificate.status().equals("ISSUED") ? "SUCCESS" : "PENDING_VALIDATION");
            validation.put("ValidationMethod", "DNS");
            if (!certificate.validationRecord().isEmpty()) {
                validation.put("ResourceRecord", certificate.validationRecord());
            }
            validations.add(validation);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("CertificateArn", arn);
        detail.put("DomainName", certificate.domainName());
        detail.put("SubjectAlternativeNames", certificate.alternativeNames());
        detail.put("DomainValidationOptions", validations);
        detail.put("Status", certificate.status());
        detail.put("Type", "AMAZON_ISSUED");
        detail.put("KeyAlgorithm", "RSA-2048");
        detail.put("InUseBy", List.of());
        detail.put("CreatedAt", issued.getEpochSecond());
        if (certificate.status().equals("ISSUED") || certificate.status().equals("EXPIRED")) {
            detail.put("IssuedAt", issued.getEpochSecond());
            detail.put("NotBefore", issued.getEpochSecond());
            detail.put("NotAfter", (certificate.status().equals("EXPIRED") ? issued : issued.plus(395, ChronoUnit.DAYS)).getEpochSecond());
        }
        return JsonAnswer.ok(Map.of("Certificate", detail));
    }
}
