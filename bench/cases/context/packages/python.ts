// The pyproject.toml a Python tree's repository carries: its name and version, and pytest reading the sources from src/.
export function pythonProject(name: string, version: string): string {
  return `[project]\nname = "${name}"\nversion = "${version}"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\n`;
}
