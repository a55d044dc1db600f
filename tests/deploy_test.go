package tests

// Checks of deploy/ that need no Docker engine and no cluster: every file
// parses into the shape its kind requires (strictly: a misspelt field is an
// error), the objects refer to each other correctly, every environment
// variable they set is one the binary reads, and the settings they give are
// ones `smtpbot serve` accepts.

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// envRead lists the environment variables the binary reads: every string
// literal passed to a getenv-like function (getenv, Getenv, LookupEnv,
// envOr) and every `env: "…"` field of a settings table, in the non-test Go
// files under cmd/ and adapters/.
func envRead(t *testing.T) map[string]string {
	t.Helper()
	name := regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	read := map[string]string{}
	add := func(fset *token.FileSet, lit ast.Expr) {
		bl, ok := lit.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return
		}
		v, err := strconv.Unquote(bl.Value)
		if err == nil && name.MatchString(v) {
			read[v] = fset.Position(bl.Pos()).String()
		}
	}
	root := repoRoot(t)
	for _, dir := range []string{"cmd", "adapters"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					fn := ""
					switch f := n.Fun.(type) {
					case *ast.Ident:
						fn = f.Name
					case *ast.SelectorExpr:
						fn = f.Sel.Name
					}
					if strings.EqualFold(fn, "getenv") || fn == "LookupEnv" || fn == "envOr" {
						for _, a := range n.Args {
							add(fset, a)
						}
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "env" {
						add(fset, n.Value)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The scan itself must work, or every check below passes vacuously.
	for _, must := range []string{"SMTPBOT_ADDR", "REDIS_URL", "SLACK_SIGNING_SECRET"} {
		if _, ok := read[must]; !ok {
			t.Fatalf("the source scan did not find %s: the scan is broken (found %v)", must, slices.Sorted(maps.Keys(read)))
		}
	}
	return read
}

// ---- Kubernetes-like shapes: only the fields these manifests use. ----

type meta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

type header struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   meta   `json:"metadata"`
}

type selector struct {
	MatchLabels map[string]string `json:"matchLabels"`
}

type keyRef struct {
	Name     string `json:"name"`
	Key      string `json:"key"`
	Optional *bool  `json:"optional"`
}

type envVar struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	ValueFrom *struct {
		SecretKeyRef    *keyRef `json:"secretKeyRef"`
		ConfigMapKeyRef *keyRef `json:"configMapKeyRef"`
		FieldRef        *struct {
			FieldPath string `json:"fieldPath"`
		} `json:"fieldRef"`
	} `json:"valueFrom"`
}

type probe struct {
	HTTPGet *struct {
		Path string `json:"path"`
		Port any    `json:"port"`
	} `json:"httpGet"`
	InitialDelaySeconds int `json:"initialDelaySeconds"`
	PeriodSeconds       int `json:"periodSeconds"`
	TimeoutSeconds      int `json:"timeoutSeconds"`
	FailureThreshold    int `json:"failureThreshold"`
}

type container struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command"`
	Args    []string `json:"args"`
	Ports   []struct {
		Name          string `json:"name"`
		ContainerPort int    `json:"containerPort"`
	} `json:"ports"`
	EnvFrom []struct {
		ConfigMapRef *struct{ Name string } `json:"configMapRef"`
		SecretRef    *struct{ Name string } `json:"secretRef"`
	} `json:"envFrom"`
	Env       []envVar `json:"env"`
	Resources struct {
		Requests map[string]string `json:"requests"`
		Limits   map[string]string `json:"limits"`
	} `json:"resources"`
	ReadinessProbe  *probe `json:"readinessProbe"`
	LivenessProbe   *probe `json:"livenessProbe"`
	StartupProbe    *probe `json:"startupProbe"`
	SecurityContext *struct {
		AllowPrivilegeEscalation *bool `json:"allowPrivilegeEscalation"`
		ReadOnlyRootFilesystem   *bool `json:"readOnlyRootFilesystem"`
		Capabilities             struct {
			Drop []string `json:"drop"`
		} `json:"capabilities"`
	} `json:"securityContext"`
}

type workload struct {
	header
	Spec struct {
		Replicas             *int           `json:"replicas"`
		RevisionHistoryLimit *int           `json:"revisionHistoryLimit"`
		ServiceName          string         `json:"serviceName"`
		PodManagementPolicy  string         `json:"podManagementPolicy"`
		UpdateStrategy       map[string]any `json:"updateStrategy"`
		Strategy             map[string]any `json:"strategy"`
		Selector             selector       `json:"selector"`
		Template             struct {
			Metadata meta `json:"metadata"`
			Spec     struct {
				AutomountServiceAccountToken  *bool `json:"automountServiceAccountToken"`
				TerminationGracePeriodSeconds *int  `json:"terminationGracePeriodSeconds"`
				SecurityContext               *struct {
					RunAsNonRoot   *bool          `json:"runAsNonRoot"`
					RunAsUser      *int64         `json:"runAsUser"`
					RunAsGroup     *int64         `json:"runAsGroup"`
					SeccompProfile map[string]any `json:"seccompProfile"`
				} `json:"securityContext"`
				TopologySpreadConstraints []map[string]any `json:"topologySpreadConstraints"`
				Containers                []container      `json:"containers"`
			} `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

type service struct {
	header
	Spec struct {
		Type         string            `json:"type"`
		ClusterIP    string            `json:"clusterIP"`
		ExternalName string            `json:"externalName"`
		Selector     map[string]string `json:"selector"`
		Ports        []struct {
			Name       string `json:"name"`
			Port       int    `json:"port"`
			TargetPort any    `json:"targetPort"`
			Protocol   string `json:"protocol"`
		} `json:"ports"`
	} `json:"spec"`
}

type pdb struct {
	header
	Spec struct {
		MinAvailable   any      `json:"minAvailable"`
		MaxUnavailable any      `json:"maxUnavailable"`
		Selector       selector `json:"selector"`
	} `json:"spec"`
}

type hpa struct {
	header
	Spec struct {
		ScaleTargetRef struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Name       string `json:"name"`
		} `json:"scaleTargetRef"`
		MinReplicas int              `json:"minReplicas"`
		MaxReplicas int              `json:"maxReplicas"`
		Metrics     []map[string]any `json:"metrics"`
		Behavior    map[string]any   `json:"behavior"`
	} `json:"spec"`
}

type ingress struct {
	header
	Spec struct {
		IngressClassName string `json:"ingressClassName"`
		TLS              []struct {
			Hosts      []string `json:"hosts"`
			SecretName string   `json:"secretName"`
		} `json:"tls"`
		Rules []struct {
			Host string `json:"host"`
			HTTP struct {
				Paths []struct {
					Path     string `json:"path"`
					PathType string `json:"pathType"`
					Backend  struct {
						Service struct {
							Name string `json:"name"`
							Port struct {
								Name   string `json:"name"`
								Number int    `json:"number"`
							} `json:"port"`
						} `json:"service"`
					} `json:"backend"`
				} `json:"paths"`
			} `json:"http"`
		} `json:"rules"`
	} `json:"spec"`
}

type configMap struct {
	header
	Data map[string]string `json:"data"`
}

type secret struct {
	header
	Type       string            `json:"type"`
	StringData map[string]string `json:"stringData"`
	Data       map[string]string `json:"data"`
}

type replacement struct {
	Source struct {
		Kind      string `json:"kind"`
		Name      string `json:"name"`
		FieldPath string `json:"fieldPath"`
	} `json:"source"`
	Targets []struct {
		Select struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"select"`
		FieldPaths []string `json:"fieldPaths"`
	} `json:"targets"`
}

type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace"`
	Resources  []string `json:"resources"`
	Components []string `json:"components"`
	Images     []struct {
		Name    string `json:"name"`
		NewName string `json:"newName"`
		NewTag  string `json:"newTag"`
	} `json:"images"`
	Replicas []struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	} `json:"replicas"`
	Patches []struct {
		Path   string            `json:"path"`
		Patch  string            `json:"patch"`
		Target map[string]string `json:"target"`
	} `json:"patches"`
	Replacements []replacement `json:"replacements"`
}

// manifests is everything under deploy/k8s, decoded.
type manifests struct {
	workloads      []workload
	services       []service
	pdbs           []pdb
	hpas           []hpa
	ingresses      []ingress
	configMaps     []configMap
	secrets        []secret
	kustomizations map[string]kustomization // by directory
	where          map[string]string        // "Kind/name" → file
}

// wantAPIVersion is the API version each kind must use (the current stable
// one: an old beta fails to apply on current clusters).
var wantAPIVersion = map[string]string{
	"Deployment": "apps/v1", "StatefulSet": "apps/v1", "Service": "v1", "ConfigMap": "v1",
	"Secret": "v1", "PodDisruptionBudget": "policy/v1", "HorizontalPodAutoscaler": "autoscaling/v2",
	"Ingress": "networking.k8s.io/v1",
}

// splitDocs splits a multi-document YAML file on its "---" lines.
func splitDocs(b []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	flush := func() {
		if len(bytes.TrimSpace(stripComments(cur.Bytes()))) > 0 {
			docs = append(docs, slices.Clone(cur.Bytes()))
		}
		cur.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if strings.TrimRight(sc.Text(), " ") == "---" {
			flush()
			continue
		}
		cur.Write(sc.Bytes())
		cur.WriteByte('\n')
	}
	flush()
	return docs
}

func stripComments(b []byte) []byte {
	var out bytes.Buffer
	for line := range strings.Lines(string(b)) {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out.WriteString(line)
		}
	}
	return out.Bytes()
}

// decodeStrict decodes one YAML document of file, refusing unknown fields.
func decodeStrict[T any](t *testing.T, file string, doc []byte) T {
	t.Helper()
	var v T
	if err := yaml.UnmarshalStrict(doc, &v); err != nil {
		t.Errorf("%s: %v", file, err)
	}
	return v
}

// appendStrict decodes one YAML document of file strictly and appends it.
func appendStrict[T any](t *testing.T, list []T, file string, doc []byte) []T {
	t.Helper()
	return append(list, decodeStrict[T](t, file, doc))
}

func loadManifests(t *testing.T) manifests {
	t.Helper()
	root := filepath.Join(repoRoot(t), "deploy", "k8s")
	m := manifests{kustomizations: map[string]kustomization{}, where: map[string]string{}}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml")) {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot(t), path)
		if filepath.Base(path) == "kustomization.yaml" {
			m.kustomizations[filepath.Dir(path)] = decodeStrict[kustomization](t, rel, b)
			return nil
		}
		for i, doc := range splitDocs(b) {
			m.add(t, rel, i+1, doc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 || len(m.workloads) == 0 {
		t.Fatalf("no manifests found under %s", root)
	}
	return m
}

// add checks the n-th document of file rel (its kind, version, name and
// label, and that no other file defines it) and keeps it by kind.
func (m *manifests) add(t *testing.T, rel string, n int, doc []byte) {
	t.Helper()
	var h header
	if err := yaml.Unmarshal(doc, &h); err != nil {
		t.Errorf("%s document %d: %v", rel, n, err)
		return
	}
	if h.Kind == "" || h.APIVersion == "" || h.Metadata.Name == "" {
		t.Errorf("%s document %d: kind, apiVersion and metadata.name are required (got %q %q %q)", rel, n, h.Kind, h.APIVersion, h.Metadata.Name)
		return
	}
	if want, ok := wantAPIVersion[h.Kind]; !ok {
		t.Errorf("%s: kind %s is not one this test knows; add its shape", rel, h.Kind)
		return
	} else if h.APIVersion != want {
		t.Errorf("%s: %s %s has apiVersion %s, want %s", rel, h.Kind, h.Metadata.Name, h.APIVersion, want)
	}
	id := h.Kind + "/" + h.Metadata.Name
	if prev, dup := m.where[id]; dup {
		t.Errorf("%s: %s already defined in %s", rel, id, prev)
	}
	m.where[id] = rel
	if h.Metadata.Labels["app.kubernetes.io/name"] != "smtpbot" {
		t.Errorf("%s: %s lacks the label app.kubernetes.io/name: smtpbot", rel, id)
	}
	switch h.Kind {
	case "Deployment", "StatefulSet":
		m.workloads = appendStrict(t, m.workloads, rel, doc)
	case "Service":
		m.services = appendStrict(t, m.services, rel, doc)
	case "PodDisruptionBudget":
		m.pdbs = appendStrict(t, m.pdbs, rel, doc)
	case "HorizontalPodAutoscaler":
		m.hpas = appendStrict(t, m.hpas, rel, doc)
	case "Ingress":
		m.ingresses = appendStrict(t, m.ingresses, rel, doc)
	case "ConfigMap":
		m.configMaps = appendStrict(t, m.configMaps, rel, doc)
	case "Secret":
		m.secrets = appendStrict(t, m.secrets, rel, doc)
	}
}

func (m manifests) workload(kind, name string) *workload {
	for i := range m.workloads {
		if m.workloads[i].Kind == kind && m.workloads[i].Metadata.Name == name {
			return &m.workloads[i]
		}
	}
	return nil
}

// selects reports whether sel picks pods labelled labels.
func selects(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// podsSelected lists the workloads whose pods sel picks.
func (m manifests) podsSelected(sel map[string]string) []*workload {
	var out []*workload
	for i := range m.workloads {
		if selects(sel, m.workloads[i].Spec.Template.Metadata.Labels) {
			out = append(out, &m.workloads[i])
		}
	}
	return out
}

func hasPort(w *workload, port any) bool {
	for _, c := range w.Spec.Template.Spec.Containers {
		for _, p := range c.Ports {
			switch v := port.(type) {
			case string:
				if p.Name == v {
					return true
				}
			case float64:
				if p.ContainerPort == int(v) {
					return true
				}
			}
		}
	}
	return false
}

// servedPaths are the GET routes serve.go registers, so probes can only
// point at real endpoints.
func servedPaths(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "cmd", "smtpbot", "serve.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`"GET (/[a-z/]*)"`).FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = true
	}
	if !out["/healthz"] || !out["/readyz"] {
		t.Fatalf("serve.go no longer registers GET /healthz and /readyz (found %v)", out)
	}
	return out
}

func TestManifestsParseAndFitTogether(t *testing.T) {
	m := loadManifests(t)
	refs := manifestRefs{paths: servedPaths(t), configMaps: map[string]configMap{}, secretKeys: map[string]bool{}}
	for _, c := range m.configMaps {
		refs.configMaps[c.Metadata.Name] = c
	}
	for _, s := range m.secrets {
		for k := range s.StringData {
			refs.secretKeys[s.Metadata.Name+"/"+k] = true
		}
	}
	for i := range m.workloads {
		checkWorkload(t, &m.workloads[i], refs)
	}
	checkScaling(t, m)
	checkServices(t, m)
}

// manifestRefs is what a container may refer to: the paths smtpbot
// serves, the ConfigMaps, and the keys of the Secret templates.
type manifestRefs struct {
	paths      map[string]bool
	configMaps map[string]configMap
	secretKeys map[string]bool // "secret/key"
}

// checkWorkload checks that a Deployment or StatefulSet selects its own
// pods and runs them, and each container, locked down.
func checkWorkload(t *testing.T, w *workload, refs manifestRefs) {
	t.Helper()
	id := w.Kind + "/" + w.Metadata.Name
	spec := w.Spec
	if !selects(spec.Selector.MatchLabels, spec.Template.Metadata.Labels) {
		t.Errorf("%s: selector %v does not select its own pods %v", id, spec.Selector.MatchLabels, spec.Template.Metadata.Labels)
	}
	if sc := spec.Template.Spec.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Errorf("%s: pods must run as a non-root numeric user (securityContext.runAsNonRoot, runAsUser)", id)
	}
	if len(spec.Template.Spec.Containers) == 0 {
		t.Errorf("%s: no containers", id)
	}
	for _, c := range spec.Template.Spec.Containers {
		checkContainer(t, id, w, c, refs)
	}
}

// checkContainer checks a container's image, resources, probes, security
// context and environment.
func checkContainer(t *testing.T, id string, w *workload, c container, refs manifestRefs) {
	t.Helper()
	if c.Image == "" || !slices.Equal(c.Args, []string{"serve"}) {
		t.Errorf("%s/%s: image %q args %v; want an image running serve", id, c.Name, c.Image, c.Args)
	}
	if c.Resources.Requests["cpu"] == "" || c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Errorf("%s/%s: needs cpu and memory requests and a memory limit", id, c.Name)
	}
	for name, p := range map[string]*probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s/%s: %s with httpGet is required", id, c.Name, name)
			continue
		}
		if !refs.paths[p.HTTPGet.Path] {
			t.Errorf("%s/%s: %s path %q is not served by smtpbot", id, c.Name, name, p.HTTPGet.Path)
		}
		if !hasPort(w, p.HTTPGet.Port) {
			t.Errorf("%s/%s: %s port %v is not a container port", id, c.Name, name, p.HTTPGet.Port)
		}
	}
	if c.ReadinessProbe != nil && c.ReadinessProbe.HTTPGet != nil && c.ReadinessProbe.HTTPGet.Path != "/readyz" {
		t.Errorf("%s/%s: readiness must use /readyz", id, c.Name)
	}
	if sc := c.SecurityContext; sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		t.Errorf("%s/%s: container securityContext must forbid privilege escalation, mount the root read-only and drop ALL capabilities", id, c.Name)
	}
	seen := map[string]bool{}
	for _, e := range c.Env {
		if seen[e.Name] {
			t.Errorf("%s/%s: env %s set twice", id, c.Name, e.Name)
		}
		seen[e.Name] = true
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			ref := e.ValueFrom.SecretKeyRef
			if !refs.secretKeys[ref.Name+"/"+ref.Key] {
				t.Errorf("%s/%s: env %s reads secret %s key %s, which the secret template lacks", id, c.Name, e.Name, ref.Name, ref.Key)
			}
			if ref.Key != e.Name {
				t.Errorf("%s/%s: env %s reads secret key %s; keep key and variable names equal", id, c.Name, e.Name, ref.Key)
			}
		}
	}
	for _, ef := range c.EnvFrom {
		if ef.ConfigMapRef != nil {
			if _, ok := refs.configMaps[ef.ConfigMapRef.Name]; !ok {
				t.Errorf("%s/%s: envFrom ConfigMap %s is not defined", id, c.Name, ef.ConfigMapRef.Name)
			}
		}
		if ef.SecretRef != nil {
			t.Errorf("%s/%s: envFrom a whole Secret hides which variables are set; name each with secretKeyRef", id, c.Name)
		}
	}
}

// checkScaling checks that the HTTP Deployment is scaled by an HPA and
// every workload is protected by a PodDisruptionBudget.
func checkScaling(t *testing.T, m manifests) {
	t.Helper()
	dep := m.workload("Deployment", "smtpbot-http")
	if dep == nil {
		t.Fatal("no Deployment smtpbot-http")
	}
	var scaled bool
	for _, h := range m.hpas {
		ref := h.Spec.ScaleTargetRef
		target := m.workload(ref.Kind, ref.Name)
		if target == nil || ref.APIVersion != "apps/v1" {
			t.Errorf("HPA %s targets %s %s/%s, which is not defined", h.Metadata.Name, ref.APIVersion, ref.Kind, ref.Name)
			continue
		}
		if h.Spec.MinReplicas < 2 || h.Spec.MaxReplicas < h.Spec.MinReplicas || len(h.Spec.Metrics) == 0 {
			t.Errorf("HPA %s: min %d max %d with %d metrics; want min ≥ 2 (no single point of failure), max ≥ min, a metric", h.Metadata.Name, h.Spec.MinReplicas, h.Spec.MaxReplicas, len(h.Spec.Metrics))
		}
		if target.Spec.Replicas != nil {
			t.Errorf("%s %s sets replicas while HPA %s scales it: every apply would reset the count", ref.Kind, ref.Name, h.Metadata.Name)
		}
		scaled = scaled || target == dep
	}
	if !scaled {
		t.Error("no HorizontalPodAutoscaler scales smtpbot-http")
	}
	protected := map[*workload]bool{}
	for _, p := range m.pdbs {
		got := m.podsSelected(p.Spec.Selector.MatchLabels)
		if len(got) != 1 {
			t.Errorf("PDB %s selects %d workloads, want 1", p.Metadata.Name, len(got))
		}
		if (p.Spec.MinAvailable == nil) == (p.Spec.MaxUnavailable == nil) {
			t.Errorf("PDB %s: set exactly one of minAvailable and maxUnavailable", p.Metadata.Name)
		}
		for _, w := range got {
			protected[w] = true
		}
	}
	for i := range m.workloads {
		if !protected[&m.workloads[i]] {
			t.Errorf("%s %s has no PodDisruptionBudget", m.workloads[i].Kind, m.workloads[i].Metadata.Name)
		}
	}

}

// checkServices checks that Services select pods and name their ports,
// the Ingress names a Service, and Redis is an external service.
func checkServices(t *testing.T, m manifests) {
	t.Helper()
	svcs := map[string]service{}
	for _, s := range m.services {
		svcs[s.Metadata.Name] = s
		if s.Spec.Type == "ExternalName" {
			if s.Spec.ExternalName == "" || len(s.Spec.Selector) > 0 {
				t.Errorf("Service %s: an ExternalName service needs externalName and no selector", s.Metadata.Name)
			}
			continue
		}
		got := m.podsSelected(s.Spec.Selector)
		if len(got) == 0 {
			t.Errorf("Service %s selects no pods (%v)", s.Metadata.Name, s.Spec.Selector)
		}
		for _, p := range s.Spec.Ports {
			for _, w := range got {
				if !hasPort(w, p.TargetPort) {
					t.Errorf("Service %s port %s: target %v is not a port of %s", s.Metadata.Name, p.Name, p.TargetPort, w.Metadata.Name)
				}
			}
		}
	}
	if len(m.ingresses) == 0 {
		t.Error("no Ingress example")
	}
	for _, in := range m.ingresses {
		for _, r := range in.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				b := p.Backend.Service
				s, ok := svcs[b.Name]
				if !ok {
					t.Errorf("Ingress %s: backend Service %s is not defined", in.Metadata.Name, b.Name)
					continue
				}
				if !slices.ContainsFunc(s.Spec.Ports, func(sp struct {
					Name       string `json:"name"`
					Port       int    `json:"port"`
					TargetPort any    `json:"targetPort"`
					Protocol   string `json:"protocol"`
				}) bool {
					return sp.Name == b.Port.Name && b.Port.Name != "" || sp.Port == b.Port.Number && b.Port.Number != 0
				}) {
					t.Errorf("Ingress %s: Service %s has no port %q/%d", in.Metadata.Name, b.Name, b.Port.Name, b.Port.Number)
				}
				if p.PathType == "" {
					t.Errorf("Ingress %s: path %s needs a pathType", in.Metadata.Name, p.Path)
				}
			}
		}
	}
	redis := false
	for _, s := range m.services {
		redis = redis || (s.Spec.Type == "ExternalName" && s.Metadata.Name == "smtpbot-redis")
	}
	if !redis {
		t.Error("Redis must be referenced as an external service (Service smtpbot-redis of type ExternalName)")
	}
	for _, s := range m.secrets {
		if u := s.StringData["REDIS_URL"]; u != "" && !strings.Contains(u, "smtpbot-redis:") {
			t.Errorf("Secret template REDIS_URL %q does not point at the smtpbot-redis Service", u)
		}
	}
}

// The gateway StatefulSet: one pod per shard, the shard from the ordinal,
// the count from replicas alone.
func TestGatewayShards(t *testing.T) {
	m := loadManifests(t)
	sts := m.workload("StatefulSet", "smtpbot-gateway")
	if sts == nil {
		t.Fatal("no StatefulSet smtpbot-gateway")
	}
	var headless bool
	for _, s := range m.services {
		headless = headless || (s.Metadata.Name == sts.Spec.ServiceName && s.Spec.ClusterIP == "None")
	}
	if !headless {
		t.Errorf("StatefulSet serviceName %q is not a headless Service", sts.Spec.ServiceName)
	}
	env := map[string]envVar{}
	for _, e := range sts.Spec.Template.Spec.Containers[0].Env {
		env[e.Name] = e
	}
	id := env["DISCORD_SHARD_ID"]
	if id.ValueFrom == nil || id.ValueFrom.FieldRef == nil || id.ValueFrom.FieldRef.FieldPath != "metadata.labels['apps.kubernetes.io/pod-index']" {
		t.Errorf("DISCORD_SHARD_ID must come from the pod-index label (the ordinal); got %+v", id)
	}
	count := env["DISCORD_SHARD_COUNT"]
	if sts.Spec.Replicas == nil || count.Value != strconv.Itoa(*sts.Spec.Replicas) {
		t.Errorf("DISCORD_SHARD_COUNT %q differs from replicas %v", count.Value, sts.Spec.Replicas)
	}
	// Every kustomization that sets the gateway's replicas (and the base)
	// copies them into DISCORD_SHARD_COUNT.
	copies := func(k kustomization) bool {
		for _, r := range k.Replacements {
			if r.Source.Kind == "StatefulSet" && r.Source.Name == "smtpbot-gateway" && r.Source.FieldPath == "spec.replicas" {
				for _, tg := range r.Targets {
					for _, fp := range tg.FieldPaths {
						if tg.Select.Name == "smtpbot-gateway" && strings.HasSuffix(fp, ".env.[name=DISCORD_SHARD_COUNT].value") {
							return true
						}
					}
				}
			}
		}
		return false
	}
	for dir, k := range m.kustomizations {
		sets := slices.ContainsFunc(k.Replicas, func(r struct {
			Name  string `json:"name"`
			Count int    `json:"count"`
		}) bool {
			return r.Name == "smtpbot-gateway"
		})
		if (sets || slices.Contains(k.Resources, "gateway.yaml")) && !copies(k) {
			t.Errorf("%s sets the gateway's replicas but does not copy them into DISCORD_SHARD_COUNT", dir)
		}
		if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
			t.Errorf("%s: apiVersion %q kind %q", dir, k.APIVersion, k.Kind)
		}
		for _, r := range append(slices.Clone(k.Resources), k.Components...) {
			if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
				t.Errorf("%s: resource %s: %v", dir, r, err)
			}
		}
		for _, p := range k.Patches {
			if p.Target["kind"] != "" && p.Target["name"] != "" && m.where[p.Target["kind"]+"/"+p.Target["name"]] == "" {
				t.Errorf("%s: patch targets %s/%s, which is not defined", dir, p.Target["kind"], p.Target["name"])
			}
		}
	}
	// The Deployment must not run a gateway too: that would be a second
	// connection per shard.
	dep := m.workload("Deployment", "smtpbot-http")
	for _, e := range dep.Spec.Template.Spec.Containers[0].Env {
		if strings.HasPrefix(e.Name, "DISCORD_SHARD") {
			t.Errorf("Deployment smtpbot-http sets %s: shards belong to the StatefulSet", e.Name)
		}
	}
}

// envSet is every variable deploy/ sets, with where it is set.
func envSet(t *testing.T, m manifests) map[string][]string {
	t.Helper()
	set := map[string][]string{}
	add := func(name, where string) { set[name] = append(set[name], where) }
	cms := map[string]configMap{}
	for _, c := range m.configMaps {
		cms[c.Metadata.Name] = c
		for k := range c.Data {
			add(k, m.where["ConfigMap/"+c.Metadata.Name])
		}
	}
	for _, s := range m.secrets {
		for k := range s.StringData {
			add(k, "deploy/k8s secret template")
		}
	}
	for _, w := range m.workloads {
		for _, c := range w.Spec.Template.Spec.Containers {
			for _, e := range c.Env {
				add(e.Name, m.where[w.Kind+"/"+w.Metadata.Name])
			}
		}
	}
	for dir, k := range m.kustomizations {
		for _, p := range k.Patches {
			if p.Target["kind"] == "ConfigMap" {
				for _, mm := range regexp.MustCompile(`path: /data/([A-Za-z0-9_]+)`).FindAllStringSubmatch(p.Patch, -1) {
					add(mm[1], relDir(t, dir))
				}
			}
		}
		for _, r := range k.Replacements {
			for _, tg := range r.Targets {
				for _, fp := range tg.FieldPaths {
					for _, mm := range regexp.MustCompile(`env\.\[name=([A-Za-z0-9_]+)\]`).FindAllStringSubmatch(fp, -1) {
						add(mm[1], relDir(t, dir))
					}
				}
			}
		}
	}
	// compose.yaml
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `json:"environment"`
		} `json:"services"`
	}
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	for k := range compose.Services["smtpbot"].Environment {
		add(k, "deploy/compose.yaml")
	}
	// Dockerfile ENV lines.
	for _, ins := range dockerfile(t) {
		if ins.op == "ENV" {
			for _, kv := range strings.Fields(ins.args) {
				k, _, _ := strings.Cut(kv, "=")
				add(k, "deploy/Dockerfile")
			}
		}
	}
	return set
}

func TestDeployEnvIsReadByTheBinary(t *testing.T) {
	read := envRead(t)
	set := envSet(t, loadManifests(t))
	if len(set) < 10 {
		t.Fatalf("only %d variables found in deploy/: the scan is broken", len(set))
	}
	for _, name := range slices.Sorted(maps.Keys(set)) {
		if _, ok := read[name]; !ok {
			t.Errorf("%s is set in %s but the binary never reads it", name, strings.Join(slices.Compact(slices.Sorted(slices.Values(set[name]))), ", "))
		}
	}
}

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct{ op, args string }

func dockerfile(t *testing.T) []instruction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	var cur strings.Builder
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if s, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(line)
		op, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, instruction{strings.ToUpper(op), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := dockerfile(t)
	var froms, stages []string
	var user, health, entry string
	var static, ldflags bool
	for _, in := range ins {
		switch in.op {
		case "FROM":
			froms = append(froms, in.args)
			if f := strings.Fields(in.args); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stages = append(stages, f[2])
			}
			user = "" // USER applies per stage
		case "RUN":
			static = static || strings.Contains(in.args, "CGO_ENABLED=0")
			ldflags = ldflags || strings.Contains(in.args, "-X main.version=")
		case "USER":
			user = in.args
		case "HEALTHCHECK":
			health = in.args
		case "ENTRYPOINT":
			entry = in.args
		case "COPY":
			if from, ok := strings.CutPrefix(strings.Fields(in.args)[0], "--from="); ok && !slices.Contains(stages, from) {
				t.Errorf("COPY --from=%s: no such stage (%v)", from, stages)
			}
		}
	}
	if len(froms) < 2 {
		t.Errorf("want a multi-stage build, got FROM %v", froms)
	}
	if !static || !ldflags {
		t.Errorf("the build must be static (CGO_ENABLED=0: %v) and bake the version in (-X main.version=: %v)", static, ldflags)
	}
	if final := froms[len(froms)-1]; strings.Contains(final, "golang") {
		t.Errorf("the final image %q is the build image", final)
	}
	uid, _, _ := strings.Cut(user, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 {
		t.Errorf("final stage USER %q: want a numeric non-root user (runAsNonRoot can check only numbers)", user)
	}
	if !strings.Contains(health, "CMD") || !strings.Contains(entry, "smtpbot") {
		t.Errorf("HEALTHCHECK %q ENTRYPOINT %q", health, entry)
	}
	// The health check runs the binary itself (there is no shell or curl in
	// the image), so its subcommand must exist.
	_, cmd, _ := strings.Cut(health, "CMD")
	var argv []string
	if err := yaml.Unmarshal([]byte(strings.TrimSpace(cmd)), &argv); err != nil || len(argv) < 2 {
		t.Fatalf("HEALTHCHECK CMD %q: want exec form [\"/path/smtpbot\", \"subcommand\"]", cmd)
	}
	if !strings.HasSuffix(argv[0], "/smtpbot") {
		t.Errorf("HEALTHCHECK runs %q, not smtpbot", argv[0])
	}
	if !binaryCommands(t)[argv[1]] {
		t.Errorf("HEALTHCHECK runs `smtpbot %s`, which cmd/smtpbot does not implement: the container would be marked unhealthy", argv[1])
	}
}

// binaryCommands lists the subcommands in cmd/smtpbot's dispatch switch
// (the string cases of switch statements on args[0]).
func binaryCommands(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(repoRoot(t), "cmd", "smtpbot", "main.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		if ix, ok := sw.Tag.(*ast.IndexExpr); !ok || fmt.Sprint(ix.X) != "args" {
			return true
		}
		for _, s := range sw.Body.List {
			for _, e := range s.(*ast.CaseClause).List {
				if bl, ok := e.(*ast.BasicLit); ok {
					v, _ := strconv.Unquote(bl.Value)
					out[v] = true
				}
			}
		}
		return true
	})
	if !out["serve"] || !out["version"] {
		t.Fatalf("could not find the command switch in cmd/smtpbot/main.go (found %v)", out)
	}
	return out
}

func TestCompose(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Name     string `json:"name"`
		Services map[string]struct {
			Build *struct {
				Context    string            `json:"context"`
				Dockerfile string            `json:"dockerfile"`
				Args       map[string]string `json:"args"`
			} `json:"build"`
			Image       string            `json:"image"`
			Command     []string          `json:"command"`
			Ports       []string          `json:"ports"`
			Environment map[string]string `json:"environment"`
			DependsOn   map[string]struct {
				Condition string `json:"condition"`
			} `json:"depends_on"`
			Healthcheck *struct {
				Test     []string `json:"test"`
				Interval string   `json:"interval"`
				Timeout  string   `json:"timeout"`
				Retries  int      `json:"retries"`
			} `json:"healthcheck"`
			Restart     string   `json:"restart"`
			ReadOnly    bool     `json:"read_only"`
			CapDrop     []string `json:"cap_drop"`
			SecurityOpt []string `json:"security_opt"`
		} `json:"services"`
	}
	if err := yaml.UnmarshalStrict(b, &c); err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	bot, ok := c.Services["smtpbot"]
	if !ok || bot.Build == nil {
		t.Fatal("compose: service smtpbot with a build section is required")
	}
	df := filepath.Join(repoRoot(t), "deploy", bot.Build.Context, bot.Build.Dockerfile)
	if _, err := os.Stat(df); err != nil {
		t.Errorf("compose: build.dockerfile: %v", err)
	}
	if _, err := os.Stat(filepath.Join(repoRoot(t), "deploy", bot.Build.Context, "go.mod")); err != nil {
		t.Errorf("compose: build.context %q is not the repository root", bot.Build.Context)
	}
	redis, ok := c.Services["redis"]
	if !ok || redis.Healthcheck == nil {
		t.Fatal("compose: service redis with a healthcheck is required")
	}
	if bot.DependsOn["redis"].Condition != "service_healthy" {
		t.Error("compose: smtpbot should wait for a healthy redis")
	}
	if u := bot.Environment["REDIS_URL"]; !strings.HasPrefix(u, "redis://redis:") {
		t.Errorf("compose: REDIS_URL %q does not point at the redis service", u)
	}
	for _, p := range bot.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("compose: port %q is published on every interface; bind it to 127.0.0.1", p)
		}
	}
}

// The settings the manifests give are ones serve accepts, and they turn on
// what each workload is for: the binary runs with each workload's
// environment (the ConfigMap, its literal values, placeholder secrets, the
// first pod's index), on a loopback port instead of :8080, with the platform
// APIs and Redis pointed at dead loopback addresses so nothing leaves the
// machine, and must start, report the adapters expected, and stop cleanly.
func TestManifestSettingsAccepted(t *testing.T) {
	m := loadManifests(t)
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unavailable in this test", http.StatusServiceUnavailable)
	}))
	t.Cleanup(dead.Close)
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{}
	for _, s := range m.secrets {
		maps.Copy(secrets, s.StringData)
	}
	// Distinct values, so the log can be searched for them.
	secrets["SLACK_BOT_TOKEN"] = "xoxb-manifest-test-bot-token"
	secrets["SLACK_SIGNING_SECRET"] = "manifest-test-signing-secret"
	secrets["DISCORD_BOT_TOKEN"] = "manifest-test-discord-token"
	secrets["DISCORD_PUBLIC_KEY"] = hex.EncodeToString(pub)
	secrets["REDIS_URL"] = "redis://127.0.0.1:1/0"
	want := map[string][]string{
		"smtpbot-http":    {"web: on", "slack: on (HTTP at /slack/commands", "interactions endpoint at /discord/interactions", "gateway off", "redis: on"},
		"smtpbot-gateway": {"web: off", "slack: off", "interactions endpoint off", "gateway shard 0 of 1", "redis: on"},
	}
	for _, w := range m.workloads {
		t.Run(w.Metadata.Name, func(t *testing.T) {
			env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
			c := w.Spec.Template.Spec.Containers[0]
			for _, ef := range c.EnvFrom {
				for _, cm := range m.configMaps {
					if ef.ConfigMapRef != nil && cm.Metadata.Name == ef.ConfigMapRef.Name {
						for k, v := range cm.Data {
							env = append(env, k+"="+v)
						}
					}
				}
			}
			for _, e := range c.Env {
				switch {
				case e.ValueFrom == nil:
					env = append(env, e.Name+"="+e.Value)
				case e.ValueFrom.FieldRef != nil:
					env = append(env, e.Name+"=0") // the first pod's index
				case e.ValueFrom.SecretKeyRef != nil:
					env = append(env, e.Name+"="+secrets[e.ValueFrom.SecretKeyRef.Key])
				}
			}
			env = append(env, "SMTPBOT_ADDR=127.0.0.1:0", "SLACK_API_URL="+dead.URL+"/api/", "DISCORD_API_URL="+dead.URL)
			srv := startProcess(t, c.Args, env)
			srv.stop(t)
			summary := srv.summary(t)
			for _, s := range want[w.Metadata.Name] {
				if !strings.Contains(summary, s) {
					t.Errorf("%s: start-up summary lacks %q:\n%s", w.Metadata.Name, s, summary)
				}
			}
			srv.checkNotLogged(t, secrets["SLACK_SIGNING_SECRET"], secrets["DISCORD_BOT_TOKEN"], secrets["SLACK_BOT_TOKEN"])
		})
	}
}

func relDir(t *testing.T, dir string) string {
	t.Helper()
	rel, err := filepath.Rel(repoRoot(t), dir)
	if err != nil {
		return dir
	}
	return rel
}
