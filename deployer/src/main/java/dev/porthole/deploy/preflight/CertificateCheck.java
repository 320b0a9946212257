package dev.porthole.deploy.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.InvalidArnException;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;

/**
 * A custom domain's certificate: API Gateway's regional custom domains need an ACM certificate in the stack's own
 * Region, issued, that names the domain (a wildcard covers one label).
 */
final class CertificateCheck {

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:acm:([a-z0-9-]+):(\\d{12}):certificate/.+");

    private final AcmClient acm;

    CertificateCheck(AcmClient acm) {
        this.acm = acm;
    }

    PreflightCheck check(String region, String domain, String certificateArn) {
        String request = "aws acm request-certificate --domain-name " + domain + " --validation-method DNS --region " + region;
        if (certificateArn.isBlank()) {
            return PreflightCheck.failed(Subject.CERTIFICATE, "The custom domain " + domain + " needs an ACM certificate, "
                    + "and none was given.", "Request one for " + domain + " in " + region + " (ACM console, or `" + request
                    + "`), validate it, then deploy again with --certificate-arn.");
        }
        Matcher arn = ARN.matcher(certificateArn);
        if (arn.matches() && !arn.group(1).equals(region)) {
            return PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + certificateArn + " is in " + arn.group(1)
                            + ", but the stack is in " + region + ": API Gateway's regional custom domains need a certificate in "
                            + "the stack's own Region" + (arn.group(1).equals("us-east-1") ? " (us-east-1 certificates are for "
                            + "CloudFront and edge-optimized APIs)." : "."),
                    "Request a certificate for " + domain + " in " + region + " (ACM console, or `" + request
                            + "`), validate it, then deploy with its ARN.");
        }
        CertificateDetail certificate;
        try {
            certificate = acm.describeCertificate(b -> b.certificateArn(certificateArn)).certificate();
        } catch (ResourceNotFoundException | InvalidArnException e) {
            return PreflightCheck.failed(Subject.CERTIFICATE, "There is no certificate " + certificateArn + " in " + region
                            + " that this account can use.",
                    "Check the ARN in the ACM console (Region " + region + "), or request a certificate for " + domain + " (`"
                            + request + "`).");
        }
        String status = String.valueOf(certificate.statusAsString());
        if (!status.equals("ISSUED")) {
            return notIssued(certificate, status, domain, region, request);
        }
        List<String> names = names(certificate);
        if (names.stream().noneMatch(name -> covers(name, domain))) {
            return PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + certificateArn + " is for "
                            + String.join(", ", names) + ", not for " + domain + ".",
                    "Use a certificate that names " + domain + " (or *." + parent(domain) + "): request one with `" + request
                            + "`, validate it, then deploy with its ARN.");
        }
        return PreflightCheck.passed(Subject.CERTIFICATE, "The certificate for " + domain + " is issued in " + region + ".");
    }

    private static PreflightCheck notIssued(CertificateDetail certificate, String status, String domain, String region,
                                            String request) {
        String arn = certificate.certificateArn();
        return switch (status) {
            case "PENDING_VALIDATION" -> PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + arn
                            + " is still waiting for its domain to be validated (PENDING_VALIDATION), so API Gateway cannot use it yet.",
                    validationRecords(certificate) + " ACM issues the certificate a few minutes after it sees the record; "
                            + "then deploy again.");
            case "EXPIRED" -> PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + arn + " has expired"
                            + (certificate.notAfter() == null ? "" : " (" + certificate.notAfter() + ")") + ".",
                    "Request a new one for " + domain + " (`" + request + "`), or renew it, then deploy with its ARN.");
            case "VALIDATION_TIMED_OUT" -> PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + arn + " was never "
                            + "validated and ACM gave up on it (VALIDATION_TIMED_OUT).",
                    "Request a new one (`" + request + "`), add the DNS record ACM shows, then deploy with its ARN.");
            default -> PreflightCheck.failed(Subject.CERTIFICATE, "The certificate " + arn + " cannot be used: its status is "
                            + status + (certificate.failureReasonAsString() == null ? "" : " (" + certificate.failureReasonAsString() + ")")
                            + ".",
                    "Request a new one for " + domain + " (`" + request + "`), validate it, then deploy with its ARN.");
        };
    }

    private static String validationRecords(CertificateDetail certificate) {
        List<String> records = new ArrayList<>();
        for (DomainValidation validation : certificate.domainValidationOptions()) {
            if (validation.resourceRecord() != null) {
                records.add(validation.resourceRecord().name() + " " + validation.resourceRecord().typeAsString() + " "
                        + validation.resourceRecord().value());
            }
        }
        return records.isEmpty() ? "Add the DNS record the ACM console shows for it."
                : "Add this DNS record: " + String.join("; ", records) + ".";
    }

    private static List<String> names(CertificateDetail certificate) {
        List<String> names = new ArrayList<>();
        if (certificate.domainName() != null) {
            names.add(certificate.domainName());
        }
        for (String name : certificate.subjectAlternativeNames()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether a certificate name covers the domain: the same name, or a wildcard for exactly one label more. */
    static boolean covers(String certificateName, String domain) {
        String name = certificateName.toLowerCase(Locale.ROOT);
        String wanted = domain.toLowerCase(Locale.ROOT);
        if (name.equals(wanted)) {
            return true;
        }
        return name.startsWith("*.") && wanted.indexOf('.') > 0 && parent(wanted).equals(name.substring(2));
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? domain : domain.substring(dot + 1);
    }
}
