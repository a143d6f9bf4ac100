// Package cloud holds what Readback's AWS clients (the shared library's S3, Amazon
// Polly) share: loading the credentials chain the same way for both, and reading a
// service's answer out of an SDK error without its message.
package cloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"readback/internal/fault"
)

// Config loads the AWS configuration for region: credentials from the standard
// chain (environment, shared files, SSO) or the named profile. Retries are the
// caller's (the SDK's are off), the SDK writes no log lines of its own, and the EC2
// metadata lookup is off — a laptop has no instance role, and asking the address
// for one only waits on a network that is not there (AWS_EC2_METADATA_DISABLED=false
// turns it back on).
func Config(ctx context.Context, region, profile string, extra ...func(*awsconfig.LoadOptions) error) (aws.Config, error) {
	loads := append([]func(*awsconfig.LoadOptions) error{
		awsconfig.WithRegion(region),
		awsconfig.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
		awsconfig.WithLogger(logging.Nop{}),
	}, extra...)
	if profile != "" {
		loads = append(loads, awsconfig.WithSharedConfigProfile(profile))
	}
	if os.Getenv("AWS_EC2_METADATA_DISABLED") != "false" {
		loads = append(loads, awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, loads...)
	var noProfile awsconfig.SharedConfigProfileNotExistError
	if errors.As(err, &noProfile) {
		return cfg, fmt.Errorf("the AWS profile %q is not in ~/.aws/config or ~/.aws/credentials", profile)
	}
	if err != nil {
		// The SDK's message names the profile or file, never a secret.
		return cfg, fmt.Errorf("the AWS credentials: %w", err)
	}
	return cfg, nil
}

// Response reads the HTTP status and the service's error code from an SDK error
// (0 and "" when the request got no answer).
func Response(err error) (status int, code string) {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	return status, code
}

// CheckEndpoint refuses a service address that is not one: http or https with a
// host, no user or password in it (a secret would be stored and shown), no query;
// plain http only to this computer (a stand-in), since the book's text and signed
// requests would cross the network unencrypted.
func CheckEndpoint(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2000:
		return fault.New(fault.Invalid, "%q is not a service's address (https://host)", raw)
	case u.User != nil:
		u.User = nil // neither is repeated
		return fault.New(fault.Invalid, "the address %q holds a user name or password: give the credentials through ~/.aws or the environment", u.String())
	case u.RawQuery != "" || u.Fragment != "":
		u.RawQuery, u.Fragment = "", ""
		return fault.New(fault.Invalid, "the address %q has a query or fragment", u.String())
	case u.Scheme == "http" && !loopback(u.Hostname()):
		return fault.New(fault.Invalid, "the address %q is plain http to another computer: use https", raw)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
