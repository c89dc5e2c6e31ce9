# The units tree's audit action: merges, splits and renames of units (区划调整).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_rectification_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("value", "修改数据"),
                    ("narrative", "修改自评说明"),
                    ("self_score", "修改自评等级"),
                    ("evidence_add", "上传佐证材料"),
                    ("evidence_delete", "删除佐证材料"),
                    ("submit", "提交"),
                    ("return", "退回"),
                    ("round", "轮次变更"),
                    ("scheme", "方案变更"),
                    ("permission", "权限变更"),
                    ("login_locked", "登录锁定"),
                    ("import", "导入数据"),
                    ("report", "上传自评报告"),
                    ("login_unlocked", "解除登录锁定"),
                    ("survey", "满意度调查"),
                    ("review", "评审"),
                    ("final", "认定得分"),
                    ("assign_refused", "拒绝分配评审（回避）"),
                    ("draw", "实地核查抽样"),
                    ("finding", "记录核查发现"),
                    ("rectification", "问题整改"),
                    ("units", "单位调整"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="操作",
            ),
        ),
    ]
