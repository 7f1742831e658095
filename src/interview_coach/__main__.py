import sys

from interview_coach.cli.app import main

sys.exit(main())
