# The AI system is still the worked example `aims init` wrote.
sed -i 's/^status: active$/status: active\nexample: true/' aims/system.md
