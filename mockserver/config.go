package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"sigs.k8s.io/yaml"
)

// DefaultListen is the listen address of a configuration that names none.
const DefaultListen = "127.0.0.1:9010"

// Config is a mock server configuration, as LoadConfig reads it from a
// YAML or JSON file:
//
//	listen: 127.0.0.1:9010        # host:port; default 127.0.0.1:9010
//	trust_forwarded_for: false    # see Options.TrustForwardedFor
//	data_dir: ./mock-data         # optional: persist every project (see Server.OpenDataDir)
//	seed: seed.json               # optional: snapshots loaded at start (see Server.Seed)
//	tls:                          # optional: serve HTTPS
//	  cert_file: mock-cert.pem    # relative paths are relative to the file
//	  key_file: mock-key.pem
//	  self_signed: true           # generate (and overwrite) both at start
//	  hosts: [mock.internal]      # extra SANs besides localhost, 127.0.0.1, ::1
//	projects:
//	  - project_id: project-test-11111111-2222-3333-4444-555555555555
//	    secret: secret-test-local-only
//	    environment: test         # optional; must agree with the ID prefix
//	    ip_allowlist: [127.0.0.1, 10.0.0.0/8]
//	    session_duration_minutes: 60
//
// Unknown fields, duplicate keys and invalid values are errors that name the
// field, such as `projects[1].project_id: must start with "project-test-" or
// "project-live-"`.
type Config struct {
	// Listen is the host:port to serve on.
	Listen string `json:"listen"`
	// TrustForwardedFor is Options.TrustForwardedFor.
	TrustForwardedFor bool `json:"trust_forwarded_for"`
	// DataDir, when set, is where projects are persisted (Server.OpenDataDir).
	// LoadConfig makes a relative path relative to the file.
	DataDir string `json:"data_dir,omitempty"`
	// Seed, when set, is a seed file loaded at start (Server.SeedFile).
	// LoadConfig makes a relative path relative to the file.
	Seed string `json:"seed,omitempty"`
	// TLS, when set, serves HTTPS.
	TLS *TLSConfig `json:"tls,omitempty"`
	// Projects are created with fixed credentials by Apply.
	Projects []ProjectConfig `json:"projects"`
}

// TLSConfig says where the server's certificate and key are, and whether
// to generate them.
type TLSConfig struct {
	// CertFile and KeyFile are PEM files. LoadConfig makes relative paths
	// relative to the configuration file's directory.
	CertFile string `json:"cert_file"`
	KeyFile  string `json:"key_file"`
	// SelfSigned generates a fresh self-signed certificate and key into
	// CertFile and KeyFile at start (see GenerateSelfSignedCert); clients
	// trust it by trusting CertFile.
	SelfSigned bool `json:"self_signed"`
	// Hosts are extra DNS names or IP addresses for a self-signed
	// certificate.
	Hosts []string `json:"hosts,omitempty"`
}

// ProjectConfig is a project with fixed credentials and settings.
type ProjectConfig struct {
	// ProjectID starts with "project-test-" or "project-live-".
	ProjectID string `json:"project_id"`
	// Secret is the project's API secret.
	Secret string `json:"secret"`
	// Environment is "test" or "live"; empty takes it from ProjectID.
	Environment string `json:"environment,omitempty"`
	// IPAllowlist restricts the project's API to these addresses or CIDR
	// prefixes (at most MaxIPAllowlist); empty allows all.
	IPAllowlist []string `json:"ip_allowlist,omitempty"`
	// SessionDurationMinutes is the default session duration (5–527040);
	// 0 keeps the API's default.
	SessionDurationMinutes int `json:"session_duration_minutes,omitempty"`
}

// ConfigError is a configuration problem in one field.
type ConfigError struct {
	// File is the configuration file, when there is one.
	File string
	// Field is the path of the field, such as "projects[1].project_id";
	// empty for a problem with the document as a whole.
	Field string
	// Problem says what is wrong.
	Problem string
}

// Error returns "file: field: problem".
func (e *ConfigError) Error() string {
	var parts []string
	if e.File != "" {
		parts = append(parts, e.File)
	}
	if e.Field != "" {
		parts = append(parts, e.Field)
	}
	return strings.Join(append(parts, e.Problem), ": ")
}

// LoadConfig reads and validates a YAML or JSON configuration file (JSON is
// read as the YAML it also is). Relative TLS file paths are resolved
// against the file's directory.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mockserver: reading the configuration: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.File = path
		}
		return nil, err
	}
	dir := filepath.Dir(path)
	paths := []*string{&c.DataDir, &c.Seed}
	if c.TLS != nil {
		paths = append(paths, &c.TLS.CertFile, &c.TLS.KeyFile)
	}
	for _, p := range paths {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return c, nil
}

// ParseConfig parses and validates a YAML or JSON configuration.
func ParseConfig(data []byte) (*Config, error) {
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, &ConfigError{Problem: "not valid YAML or JSON: " + strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")}
	}
	var doc any
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, &ConfigError{Problem: "not valid YAML or JSON"}
	}
	c := &Config{Listen: DefaultListen}
	if doc == nil {
		return c, nil
	}
	if err := decodeConfig(c, doc); err != nil {
		return nil, err
	}
	return c, nil
}

// fieldSet maps a field name to its decoder.
type fieldSet map[string]func(path string, v any) error

func cfgErr(path, format string, args ...any) error {
	return &ConfigError{Field: path, Problem: fmt.Sprintf(format, args...)}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// object decodes a JSON object field by field; unknown keys are errors.
func object(path string, v any, fields fieldSet) error {
	m, ok := v.(map[string]any)
	if !ok {
		if path == "" {
			return cfgErr("", "the configuration must be a mapping of fields")
		}
		return cfgErr(path, "must be a mapping of fields, not %s", kindOf(v))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		dec, ok := fields[k]
		if !ok {
			known := make([]string, 0, len(fields))
			for f := range fields {
				known = append(known, f)
			}
			sort.Strings(known)
			return cfgErr(join(path, k), "unknown field (known fields: %s)", strings.Join(known, ", "))
		}
		if err := dec(join(path, k), m[k]); err != nil {
			return err
		}
	}
	return nil
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "a list"
	default:
		return "a mapping"
	}
}

func str(dst *string) func(string, any) error {
	return func(path string, v any) error {
		s, ok := v.(string)
		if !ok {
			return cfgErr(path, "must be a string, not %s", kindOf(v))
		}
		*dst = s
		return nil
	}
}

func boolean(dst *bool) func(string, any) error {
	return func(path string, v any) error {
		b, ok := v.(bool)
		if !ok {
			return cfgErr(path, "must be true or false, not %s", kindOf(v))
		}
		*dst = b
		return nil
	}
}

func integer(dst *int) func(string, any) error {
	return func(path string, v any) error {
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) || f > 1e9 || f < -1e9 {
			return cfgErr(path, "must be a whole number")
		}
		*dst = int(f)
		return nil
	}
}

func strList(dst *[]string) func(string, any) error {
	return func(path string, v any) error {
		l, ok := v.([]any)
		if !ok {
			return cfgErr(path, "must be a list of strings, not %s", kindOf(v))
		}
		out := make([]string, len(l))
		for i, e := range l {
			if err := str(&out[i])(fmt.Sprintf("%s[%d]", path, i), e); err != nil {
				return err
			}
		}
		*dst = out
		return nil
	}
}

func decodeConfig(c *Config, doc any) error {
	var projects []any
	err := object("", doc, fieldSet{
		"listen":              str(&c.Listen),
		"trust_forwarded_for": boolean(&c.TrustForwardedFor),
		"data_dir":            str(&c.DataDir),
		"seed":                str(&c.Seed),
		"tls": func(path string, v any) error {
			c.TLS = &TLSConfig{}
			return object(path, v, fieldSet{
				"cert_file":   str(&c.TLS.CertFile),
				"key_file":    str(&c.TLS.KeyFile),
				"self_signed": boolean(&c.TLS.SelfSigned),
				"hosts":       strList(&c.TLS.Hosts),
			})
		},
		"projects": func(path string, v any) error {
			l, ok := v.([]any)
			if !ok {
				return cfgErr(path, "must be a list of projects, not %s", kindOf(v))
			}
			projects = l
			return nil
		},
	})
	if err != nil {
		return err
	}
	c.Projects = make([]ProjectConfig, len(projects))
	for i, pv := range projects {
		p := &c.Projects[i]
		err := object(fmt.Sprintf("projects[%d]", i), pv, fieldSet{
			"project_id":               str(&p.ProjectID),
			"secret":                   str(&p.Secret),
			"environment":              str(&p.Environment),
			"ip_allowlist":             strList(&p.IPAllowlist),
			"session_duration_minutes": integer(&p.SessionDurationMinutes),
		})
		if err != nil {
			return err
		}
	}
	return c.Validate()
}

// Validate checks every field of c and fills in derived values (the
// environment of each project, the default listen address).
func (c *Config) Validate() error {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	host, port, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return cfgErr("listen", "must be host:port, such as 127.0.0.1:9010")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return cfgErr("listen", "port %q must be a number from 0 to 65535", port)
	}
	_ = host
	for name, v := range map[string]string{"data_dir": c.DataDir, "seed": c.Seed} {
		if v != "" && strings.TrimSpace(v) == "" || strings.ContainsRune(v, 0) {
			return cfgErr(name, "must be a path")
		}
	}
	if t := c.TLS; t != nil {
		if t.CertFile == "" {
			return cfgErr("tls.cert_file", "is required with tls")
		}
		if t.KeyFile == "" {
			return cfgErr("tls.key_file", "is required with tls")
		}
		if len(t.Hosts) > 0 && !t.SelfSigned {
			return cfgErr("tls.hosts", "only applies with self_signed: true")
		}
		for i, h := range t.Hosts {
			if h == "" || strings.ContainsFunc(h, unicode.IsSpace) {
				return cfgErr(fmt.Sprintf("tls.hosts[%d]", i), "must be a DNS name or an IP address")
			}
		}
	}
	seen := map[string]int{}
	for i := range c.Projects {
		p := &c.Projects[i]
		at := func(f string) string { return fmt.Sprintf("projects[%d].%s", i, f) }
		var env string
		switch {
		case p.ProjectID == "":
			return cfgErr(at("project_id"), "is required")
		case strings.HasPrefix(p.ProjectID, "project-test-"):
			env = EnvTest
		case strings.HasPrefix(p.ProjectID, "project-live-"):
			env = EnvLive
		default:
			return cfgErr(at("project_id"), `must start with "project-test-" or "project-live-"`)
		}
		rest := p.ProjectID[len("project-test-"):]
		if rest == "" || strings.ContainsFunc(rest, func(r rune) bool {
			return !(r == '-' || r == '_' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
		}) {
			return cfgErr(at("project_id"), "must continue after its prefix with letters, digits, - or _")
		}
		if j, dup := seen[p.ProjectID]; dup {
			return cfgErr(at("project_id"), "duplicates projects[%d].project_id", j)
		}
		seen[p.ProjectID] = i
		switch p.Environment {
		case "":
			p.Environment = env
		case env:
		case EnvTest, EnvLive:
			return cfgErr(at("environment"), "is %q but the project ID is a %s ID", p.Environment, env)
		default:
			return cfgErr(at("environment"), `must be "test" or "live"`)
		}
		if p.Secret == "" {
			return cfgErr(at("secret"), "is required")
		}
		if len(p.Secret) > 256 || strings.ContainsFunc(p.Secret, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			// The secret itself is never echoed.
			return cfgErr(at("secret"), "must be at most 256 characters with no spaces or control characters")
		}
		if len(p.IPAllowlist) > MaxIPAllowlist {
			return cfgErr(at("ip_allowlist"), "holds %d entries; at most %d are allowed", len(p.IPAllowlist), MaxIPAllowlist)
		}
		for j, e := range p.IPAllowlist {
			if err := validateAllowlistEntry(e); err != nil {
				return cfgErr(fmt.Sprintf("projects[%d].ip_allowlist[%d]", i, j), "%q is not an IP address or CIDR prefix", e)
			}
		}
		if d := p.SessionDurationMinutes; d != 0 && (d < 5 || d > 527040) {
			return cfgErr(at("session_duration_minutes"), "must be between 5 and 527040 (or 0 for the default), not %d", d)
		}
	}
	return nil
}

// Apply creates c's projects on s with their settings, and applies
// trust_forwarded_for. A project s already has (loaded from a data
// directory or a seed) is kept, with its state, when the configured secret
// is its secret, and gets the configured settings. Apply fails without
// changing s if c is invalid or an existing project has another secret.
func (c *Config) Apply(s *Server) error {
	if err := c.Validate(); err != nil {
		return err
	}
	for i, p := range c.Projects {
		if s.HasProject(p.ProjectID) && !s.CheckCredentials(p.ProjectID, p.Secret) {
			return cfgErr(fmt.Sprintf("projects[%d].secret", i), "project %q already exists on the server with another secret", p.ProjectID)
		}
	}
	for _, p := range c.Projects {
		if s.HasProject(p.ProjectID) {
			// kept as loaded; only the settings below apply
		} else if err := s.AddProject(Credentials{ProjectID: p.ProjectID, Secret: p.Secret, Environment: p.Environment}); err != nil {
			return err
		}
		if err := s.SetIPAllowlist(p.ProjectID, p.IPAllowlist); err != nil {
			return err
		}
		if err := s.SetSessionDuration(p.ProjectID, p.SessionDurationMinutes); err != nil {
			return err
		}
	}
	s.SetTrustForwardedFor(c.TrustForwardedFor)
	return nil
}

func validateAllowlistEntry(e string) error {
	_, err := state.ParseIPAllowlist([]string{e})
	return err
}
