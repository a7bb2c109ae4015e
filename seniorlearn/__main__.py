from seniorlearn.cli import main

raise SystemExit(main())
