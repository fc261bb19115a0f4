# Marked as a real record.
sed -i 's/^status: active$/status: active\nexample: false/' aims/system.md
