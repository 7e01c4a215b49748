"""Demo accounts, one per role. The passwords are listed in the README; demo only."""

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .roles import Role

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 (published demo password; seed_demo refuses production)
# A fixed TOTP key so a demo leader can log in with any authenticator app (README) or `manage.py demo_totp`.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # base32: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ

DEMO_USERS = [
    # username, full name, role, e-mail, personal ID, birth date, sex
    ("congdan", "Nguyễn Thị Lan", Role.CITIZEN, "congdan@example.vn", "025190000123", "1990-05-12", "F"),
    ("motcua", "Trần Văn Minh", Role.ONESTOP_OFFICER, "motcua@example.vn", None, None, ""),
    ("chuyenvien", "Lê Thị Hoa", Role.SPECIALIST, "chuyenvien@example.vn", None, None, ""),
    ("vanthu", "Phạm Thị Thu", Role.CLERK, "vanthu@example.vn", None, None, ""),
    ("lanhdao", "Hoàng Văn Đức", Role.LEADER, "lanhdao@example.vn", None, None, ""),
    ("quantri", "Vũ Thị Mai", Role.AGENCY_ADMIN, "quantri@example.vn", None, None, ""),
    ("admin", "Đỗ Quang Huy", Role.SYSTEM_ADMIN, "admin@example.vn", None, None, ""),
]


def seed(stdout) -> None:
    for username, full_name, role, email, personal_id, birth, sex in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": email,
                "personal_id": personal_id,
                "birth_date": birth,
                "sex": sex,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role in (Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
            user.is_superuser = role == Role.SYSTEM_ADMIN
            user.save()
        user.groups.add(Group.objects.get(name=role.value))
        if role.value in {r.value for r in (Role.LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)}:
            TOTPDevice.objects.get_or_create(
                user=user, name="Demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
            )
    stdout.write(f"  accounts: {len(DEMO_USERS)} demo users (password {DEMO_PASSWORD})")
