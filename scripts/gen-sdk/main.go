// Command gen-sdk writes the Node.js SDK of a Pulumi package schema, the way the nodejs language host's
// GeneratePackage does for `pulumi package add` / `pulumi install`: bind the spec allowing dangling references,
// then run Pulumi's own nodejs code generator for a local SDK with no extra files and no local dependencies.
//
// It first checks that the schema is the package Pulumi.yaml pins under `packages:`, so that the SDK a user gets
// from `pulumi install` and the one this writes offline are the same package at the same versions.
//
// Usage: gen-sdk PULUMI_YAML PACKAGE SCHEMA.json OUT_DIR
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// noPackages answers every request for another package with an error. A bridged provider's schema references no
// other package, so a call means the schema is not what this generator was made for.
type noPackages struct{}

var errNoPackages = errors.New("gen-sdk: the schema references another package, which this generator cannot load")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) { return nil, errNoPackages }
func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}
func (noPackages) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}
func (noPackages) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoPackages
}

// checkPin compares the schema with the project's `packages.<name>` entry: a dynamically bridged Terraform provider
// (`source: terraform-provider`, `version: <bridge>`, `parameters: [<namespace>/<type>, <provider version>]`).
func checkPin(projectPath, name string, spec *schema.PackageSpec) error {
	project, err := workspace.LoadProject(projectPath)
	if err != nil {
		return err
	}
	pin, ok := project.GetPackageSpecs()[name]
	if !ok {
		return fmt.Errorf("%s has no packages.%s entry", projectPath, name)
	}
	if spec.Parameterization == nil || spec.Parameterization.BaseProvider.Name != pin.Source {
		return fmt.Errorf("the schema is not a parameterization of %q, which %s pins", pin.Source, projectPath)
	}
	var value struct {
		Remote struct{ URL, Version string }
	}
	if err := json.Unmarshal(spec.Parameterization.Parameter, &value); err != nil {
		return fmt.Errorf("the schema's parameterization value: %w", err)
	}
	got := []string{spec.Name, spec.Parameterization.BaseProvider.Version, value.Remote.URL, value.Remote.Version}
	if len(pin.Parameters) != 2 || spec.Name != name || got[1] != pin.Version ||
		!strings.HasSuffix(value.Remote.URL, "/"+pin.Parameters[0]) || value.Remote.Version != pin.Parameters[1] ||
		spec.Version != pin.Parameters[1] {
		return fmt.Errorf("the schema is %v, but %s pins %s %s %v", got, projectPath, pin.Source, pin.Version, pin.Parameters)
	}
	return nil
}

func run(projectPath, name, schemaPath, outDir string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	if err := checkPin(projectPath, name, &spec); err != nil {
		return err
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	files, err := nodejs.GeneratePackage("pulumi-language-nodejs", pkg, map[string][]byte{}, map[string]string{}, true, noPackages{})
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("gen-sdk: wrote %d files to %s\n", len(names), outDir)
	return nil
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdk PULUMI_YAML PACKAGE SCHEMA.json OUT_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4]); err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
}
