from bulletin_press.cli import main

raise SystemExit(main())
